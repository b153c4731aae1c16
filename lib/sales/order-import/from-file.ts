import 'server-only';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { normaliseHeader } from '@/lib/customers/import/fields';
import {
  detectPreset,
  mappingProblems,
  ORDER_LINE_FIELDS,
  type OrderLineField,
  PRESETS,
  type PresetName,
  suggestMapping,
} from './fields';
import { HEAD_BYTES, readHead } from './head';
import type { CreateOrderImportInput, OrderImportOptions } from './schemas';
import { DATE_FORMATS, detectDateFormats, isDateFormat } from './values';

/**
 * A file on the server's disk → the import to create (the CLI and the benchmark): the head read
 * as the browser reads it, a preset detected or named, `--map` overrides applied, the date format
 * named or detected from the samples. Problems come back as sentences for a terminal.
 */

export type FilePlanOptions = {
  preset?: PresetName | 'none';
  /** "column=field": the column by header name or 1-based number. */
  map?: string[];
  dateFormat?: string;
  timeZone: string;
  decimal?: '.' | ',';
  cancelPrefix?: string;
  createCustomers?: boolean;
  guestOrders?: boolean;
};

export async function planFileImport(
  file: string,
  options: FilePlanOptions,
): Promise<{ ok: true; input: CreateOrderImportInput; notes: string[] } | { ok: false; problem: string }> {
  const size = (await stat(file)).size;
  const handle = await open(file, 'r');
  const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const read = readHead(new Uint8Array(head), size <= HEAD_BYTES);
  if (!read.ok)
    return {
      ok: false,
      problem: `the file cannot be read: ${read.problem}${read.column ? ` (column ${read.column})` : ''}`,
    };
  const notes: string[] = [];
  const preset = options.preset === 'none' ? null : (options.preset ?? detectPreset(read.headers));
  if (preset && !options.preset) notes.push(`layout: ${preset} (detected from the header)`);
  const mapping = suggestMapping(read.headers, preset);
  for (const m of options.map ?? []) {
    const [column, field] = m.split('=').map((s) => s.trim());
    if (!ORDER_LINE_FIELDS.includes(field as OrderLineField))
      return { ok: false, problem: `--map ${m}: "${field}" is not a field (${ORDER_LINE_FIELDS.join(', ')})` };
    const index = /^\d+$/.test(column)
      ? Number(column) - 1
      : read.headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(column));
    if (index < 0 || index >= read.headers.length) return { ok: false, problem: `--map ${m}: no column "${column}"` };
    for (const [f, c] of Object.entries(mapping)) if (c === index) delete mapping[f as OrderLineField];
    mapping[field as OrderLineField] = index;
  }
  const problems = mappingProblems(mapping, read.headers.length);
  if (problems.length)
    return {
      ok: false,
      problem: `the columns are not mapped: ${problems.map((p) => `${p.problem} ${p.fields.join(' or ')}`).join('; ')} (use --map "Column=field")`,
    };
  let dateFormat = options.dateFormat;
  if (dateFormat && !isDateFormat(dateFormat))
    return { ok: false, problem: `--date-format "${dateFormat}" is not a date format` };
  if (!dateFormat) {
    const samples = read.samples.map((r) => r[mapping.orderedAt!] ?? '');
    const fits = detectDateFormats(samples, preset ? [...PRESETS[preset].dateFormats, ...DATE_FORMATS] : DATE_FORMATS);
    const dayFirst = fits.find((f) => f.startsWith('D/'));
    const monthFirst = fits.find((f) => f.startsWith('M/'));
    if (fits.length === 0)
      return { ok: false, problem: `no date format reads "${samples.find(Boolean)}": name one with --date-format` };
    if (dayFirst && monthFirst)
      return {
        ok: false,
        problem: `dates like "${samples.find(Boolean)}" may be day or month first: add --date-format "${monthFirst}" or "${dayFirst}"`,
      };
    dateFormat = fits[0];
    notes.push(`dates: ${dateFormat} (detected), read in ${options.timeZone}`);
  }
  const importOptions: OrderImportOptions = {
    mapping,
    preset,
    dateFormat,
    timeZone: options.timeZone,
    decimal: options.decimal ?? '.',
    cancelPrefix: options.cancelPrefix ?? (preset ? PRESETS[preset].cancelPrefix : ''),
    createCustomers: options.createCustomers ?? false,
    guestOrders: options.guestOrders ?? false,
  };
  return {
    ok: true,
    notes,
    input: {
      fileName: path.basename(file).slice(0, 255),
      fileSize: size,
      encoding: read.encoding,
      delimiter: read.delimiter,
      headers: read.headers,
      options: importOptions,
    },
  };
}
