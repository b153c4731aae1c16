import { PRESETS, type PresetName, suggestMapping } from './fields';
import type { FileHead } from './head';
import type { OrderImportOptions } from './schemas';
import { DATE_FORMATS, detectDateFormats } from './values';

/**
 * What the mapping step proposes for a file's head: the preset's mapping, a date format the
 * samples fit, the usual decimal separator. Pure and client-safe.
 */

export type LoadedHead = Extract<FileHead, { ok: true }>;

/** The formats a preset's files use first, then the rest. */
export function formatsFor(preset: PresetName | null): string[] {
  return [...new Set([...(preset ? PRESETS[preset].dateFormats : []), ...DATE_FORMATS])];
}

/** The date format the samples suggest, and whether day-first and month-first both fit. */
export function guessDateFormat(head: LoadedHead, column: number | undefined, preset: PresetName | null) {
  const samples = column === undefined ? [] : head.samples.map((r) => r[column] ?? '');
  const fits = detectDateFormats(samples, formatsFor(preset));
  const ambiguous = fits.some((f) => f.startsWith('D/')) && fits.some((f) => f.startsWith('M/'));
  return { format: fits[0] ?? formatsFor(preset)[0], ambiguous, none: fits.length === 0 };
}

export function initialOptions(head: LoadedHead, preset: PresetName | null, timeZone: string): OrderImportOptions {
  const mapping = suggestMapping(head.headers, preset);
  return {
    mapping,
    preset,
    dateFormat: guessDateFormat(head, mapping.orderedAt, preset).format,
    timeZone,
    decimal: head.delimiter === ';' ? ',' : '.',
    cancelPrefix: preset ? PRESETS[preset].cancelPrefix : '',
    createCustomers: false,
    guestOrders: false,
  };
}
