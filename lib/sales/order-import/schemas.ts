import { z } from 'zod';
import { cleanString } from '@/lib/validation';
import { isTimeZone } from '@/lib/zoned-time';
import { mappingProblems, ORDER_LINE_FIELDS, PRESET_NAMES } from './fields';
import { isDateFormat } from './values';

/** The largest file the browser may upload (the CLI reads files of any size from the server's disk). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** One upload request's bytes: under the 1 MB body limit of proxy.ts (lib/http.ts MAX_BODY_BYTES). */
export const UPLOAD_PART_BYTES = 1000 * 1000;

export const OrderImportOptionsSchema = z.object({
  mapping: z.partialRecord(z.enum(ORDER_LINE_FIELDS), z.number().int().min(0).max(499)),
  preset: z.enum(PRESET_NAMES).nullable(),
  dateFormat: z.string().max(40).refine(isDateFormat, 'dateFormat'),
  timeZone: z.string().max(64).refine(isTimeZone, 'timeZone'),
  decimal: z.enum(['.', ',']),
  cancelPrefix: cleanString().max(5),
  createCustomers: z.boolean(),
  guestOrders: z.boolean(),
});
export type OrderImportOptions = z.infer<typeof OrderImportOptionsSchema>;

export const CreateOrderImportSchema = z
  .object({
    fileName: cleanString().trim().min(1).max(255),
    fileSize: z.number().int().min(1),
    encoding: z.enum(['utf-8', 'windows-1252']),
    delimiter: z.enum([',', ';', '\t']),
    headers: z.array(cleanString().max(200)).min(1).max(500),
    options: OrderImportOptionsSchema,
  })
  .refine((v) => mappingProblems(v.options.mapping, v.headers.length).length === 0, {
    message: 'mapping',
    path: ['options', 'mapping'],
  });
export type CreateOrderImportInput = z.infer<typeof CreateOrderImportSchema>;

export const UploadFileSchema = CreateOrderImportSchema.refine((v) => v.fileSize <= MAX_UPLOAD_BYTES, {
  message: 'tooLarge',
  path: ['fileSize'],
});

export const ImportIdSchema = z.object({ id: z.uuid() });
