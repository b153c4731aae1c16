import { z } from 'zod';

/** Search params arrive as string | string[] | undefined; keep the first string of each. */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}

/** An optional filter value: empty strings become undefined; invalid values are dropped, not errors. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);
}

export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

/** Columns hidden by the `hide` param ("a,b"; "-" = none hidden), or the page's defaults when absent. */
export function hiddenColumns(param: string | undefined, defaults: string[]): string[] {
  if (param === undefined) return defaults;
  return param.split(',').filter((c) => c && c !== '-');
}
