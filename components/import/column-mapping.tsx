'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { Select } from '@/components/ui/input';
import { Table, Td, Th } from '@/components/ui/table';

/**
 * The columns step of every import: a row per column of the file (its header, an example value,
 * the field it fills) and, below, what stops the mapping from running. Each import keeps its own
 * fields and rules (lib/customers/import/fields.ts, lib/sales/order-import/fields.ts); this is only
 * how they are shown.
 */

export type MappingProblemView<F extends string> = {
  problem: 'missing' | 'twice' | 'column';
  fields: readonly F[];
};

/** The catalog whose "map.*" sentences the step shows: each import words its step its own way. */
export type ImportMessages = 'import' | 'orderImport';

export function ColumnMappingTable<F extends string>({
  id,
  headers,
  sample,
  fields,
  required,
  fieldAt,
  onChange,
  fieldLabel,
  messages,
}: {
  id: string;
  headers: readonly string[];
  /** The column's first non-empty value in the file. */
  sample: (column: number) => string;
  fields: readonly F[];
  required: readonly F[];
  fieldAt: (column: number) => F | '';
  onChange: (column: number, field: F | '') => void;
  fieldLabel: (field: F) => string;
  messages: ImportMessages;
}) {
  const t = useTranslations(messages);
  return (
    <section aria-labelledby={`${id}-columns`}>
      <h2 id={`${id}-columns`} className="mb-2 text-base font-semibold text-slate-900">
        {t('map.title')}
      </h2>
      <Table label={t('map.title')}>
        <thead>
          <tr>
            <Th>{t('map.column')}</Th>
            <Th className="hidden sm:table-cell">{t('map.sample')}</Th>
            <Th>{t('map.field')}</Th>
          </tr>
        </thead>
        <tbody>
          {headers.map((header, column) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a file's columns are identified by position (headers may repeat)
            <tr key={column}>
              <Td className="font-medium break-words sm:whitespace-nowrap">{header}</Td>
              <Td className="hidden max-w-48 truncate text-slate-500 sm:table-cell">{sample(column)}</Td>
              <Td>
                <Select
                  aria-label={header}
                  value={fieldAt(column)}
                  onChange={(e) => onChange(column, e.target.value as F | '')}
                  className="w-full min-w-32"
                >
                  <option value="">{t('map.skip')}</option>
                  {fields.map((f) => (
                    <option key={f} value={f}>
                      {required.includes(f) ? t('map.required', { field: fieldLabel(f) }) : fieldLabel(f)}
                    </option>
                  ))}
                </Select>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}

/** What stops a mapping, a sentence each: a field twice, a required one missing (or one of a group), a column the file has not. */
export function MappingProblems<F extends string>({
  problems,
  fieldLabel,
  messages,
}: {
  problems: readonly MappingProblemView<F>[];
  fieldLabel: (field: F) => string;
  messages: ImportMessages;
}) {
  const format = useFormatter();
  const t = useTranslations(messages);
  const text = (key: 'twice' | 'outside' | 'missing' | 'missingOneOf', fields: string) =>
    t.has(`map.${key}`) ? t(`map.${key}`, { fields }) : t('map.missing', { fields });
  if (problems.length === 0) return null;
  const list = (fields: readonly F[], type: 'conjunction' | 'disjunction' = 'conjunction') =>
    format.list(fields.map(fieldLabel), { type });
  return (
    <Alert tone="warning">
      <ul className="list-disc space-y-1 pl-4">
        {problems.map((p) => (
          <li key={`${p.problem}:${p.fields.join(',')}`}>
            {p.problem === 'twice'
              ? text('twice', list(p.fields))
              : p.problem === 'column'
                ? text('outside', list(p.fields))
                : p.fields.length > 1
                  ? text('missingOneOf', list(p.fields, 'disjunction'))
                  : text('missing', list(p.fields))}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
