import { z } from 'zod';
import { MoneySchema } from '@/lib/sales/products/schemas';
import { optional, pageParam } from '@/lib/search-params';
import { supportedYear } from '@/lib/validation';

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;
const percent = z
  .string()
  .trim()
  .regex(PERCENT, 'percent')
  .refine((v) => Number(v) <= 100, 'percent');

/** One line of a quote: a product of the price book (or free text, productId null), its quantity, price and discount. */
export const QuoteLineSchema = z.object({
  productId: z.uuid().nullable(),
  description: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  quantity: z
    .string()
    .trim()
    .regex(/^\d{1,10}(\.\d{1,2})?$/, 'quantity')
    .refine((v) => Number(v) > 0, 'quantity'),
  unitPrice: MoneySchema,
  discountPct: percent,
});
export type QuoteLineInput = z.infer<typeof QuoteLineSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .transform((s) => s || null);

/** What the quote editor sends (a JSON object: lines are a list). Totals are always computed on the server. */
export const QuoteFieldsSchema = z.object({
  title: optionalText(200),
  notes: optionalText(5000),
  validUntil: z.iso
    .date('date')
    .refine((d) => supportedYear(new Date(`${d}T00:00:00Z`)), 'date')
    .nullable(),
  lines: z.array(QuoteLineSchema).min(1, 'lines').max(100, 'lines'),
  discountKind: z.enum(['percent', 'amount']),
  discountValue: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'price'),
  taxRate: z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d{1,3})?$/, 'taxRate')
    .refine((v) => Number(v) <= 100, 'taxRate'),
});

export const CreateQuoteSchema = QuoteFieldsSchema.extend({ dealId: z.uuid() }).refine(
  (q) => q.discountKind === 'amount' || (PERCENT.test(q.discountValue) && Number(q.discountValue) <= 100),
  { message: 'percent', path: ['discountValue'] },
);
export type CreateQuoteInput = z.infer<typeof CreateQuoteSchema>;

export const UpdateQuoteSchema = QuoteFieldsSchema.extend({
  id: z.uuid(),
  version: z.int().min(1).max(2_147_483_647),
}).refine((q) => q.discountKind === 'amount' || (PERCENT.test(q.discountValue) && Number(q.discountValue) <= 100), {
  message: 'percent',
  path: ['discountValue'],
});
export type UpdateQuoteInput = z.infer<typeof UpdateQuoteSchema>;

/** Send, reject or accept: the quote and the version the user saw. */
export const QuoteDecisionSchema = z.object({
  id: z.uuid(),
  version: z.int().min(1).max(2_147_483_647),
});
export type QuoteDecisionInput = z.infer<typeof QuoteDecisionSchema>;

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const QUOTE_PAGE_SIZE = 50;

export const QuoteFilterSchema = z.object({
  status: optional(z.enum(QUOTE_STATUSES)),
  owner: optional(z.union([z.literal('me'), z.uuid()])),
  customer: optional(z.string().trim().max(100)),
  page: pageParam,
});
export type QuoteFilter = z.infer<typeof QuoteFilterSchema>;

/** `?deal=<id>` of /quotes/new. */
export const NewQuoteParamsSchema = z.object({
  deal: optional(z.uuid()),
  /** Part of a deal's or its customer's name, to find the deal to quote on. */
  q: optional(z.string().trim().min(1).max(100)),
});
