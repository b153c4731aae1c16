import { z } from 'zod';
import { optional, pageParam } from '@/lib/search-params';

/** Money as typed: up to 12 digits and 2 decimals, ≥ 0 (kept a string: never a float). */
export const MoneySchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'price');

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .transform((s) => s || null);

/** A product of the price book, as the form sends it. The SKU is kept upper case (SKU-0001). */
export const ProductInputSchema = z.object({
  sku: z.string().trim().toUpperCase().min(1, 'required').max(40, 'tooLong'),
  name: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  description: text(5000),
  category: text(60),
  unitPrice: MoneySchema,
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'currency'),
  active: z.enum(['on', 'true', 'false']).transform((v) => v !== 'false'),
});
export type ProductInput = z.infer<typeof ProductInputSchema>;

export const UpdateProductSchema = ProductInputSchema.extend({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});
export type UpdateProductInput = z.infer<typeof UpdateProductSchema>;

export const SetProductActiveSchema = z.object({
  id: z.uuid(),
  version: z.int().min(1).max(2_147_483_647),
  active: z.boolean(),
});
export type SetProductActiveInput = z.infer<typeof SetProductActiveSchema>;

export const PRODUCT_PAGE_SIZE = 50;

/** The price book's URL filters; unusable values are dropped. */
export const ProductFilterSchema = z.object({
  q: optional(z.string().trim().max(100)),
  category: optional(z.string().trim().max(60)),
  status: z.enum(['active', 'inactive', 'all']).catch('active'),
  page: pageParam,
});
export type ProductFilter = z.infer<typeof ProductFilterSchema>;
