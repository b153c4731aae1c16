'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { Table, Td, Th } from '@/components/ui/table';
import { fieldsFor, type ImportField, mappingProblems, REQUIRED_FIELDS } from '@/lib/customers/import/fields';
import { toImportRows } from '@/lib/customers/import/read-file';
import type { LoadedFile } from './file-step';

const PREVIEW_ROWS = 5;

type Props = {
  file: LoadedFile;
  mapping: (ImportField | null)[];
  onMapping: (mapping: (ImportField | null)[]) => void;
  canAssignOwner: boolean;
  onBack: () => void;
  onStart: () => void;
};

/** Step 2: which field each column fills (pre-filled from the header names), and a preview. */
export function MappingStep({ file, mapping, onMapping, canAssignOwner, onBack, onStart }: Props) {
  const t = useTranslations('import');
  const label = useFieldLabel();
  const problems = mappingProblems(mapping);
  const preview = useMemo(
    () => toImportRows(file.records.slice(0, 1 + PREVIEW_ROWS * 3), mapping).slice(0, PREVIEW_ROWS),
    [file, mapping],
  );
  const mapped = mapping
    .map((f, column) => ({ f, column }))
    .filter((m): m is { f: ImportField; column: number } => m.f !== null);
  const sample = (column: number) => file.records.slice(1).find((r) => (r[column] ?? '').trim() !== '')?.[column] ?? '';
  const format = useFormatter();
  const list = (fields: readonly ImportField[], type: 'conjunction' | 'disjunction' = 'conjunction') =>
    format.list(fields.map(label), { type });

  return (
    <div className="space-y-5">
      <div className="space-y-1 text-sm text-slate-600">
        <p className="font-medium text-slate-900">
          {t('file.summary', { name: file.name, rows: file.rowCount, columns: file.headers.length })}
        </p>
        <p>{t('map.help')}</p>
        <p>{t('map.keyHint')}</p>
        <p>{t(canAssignOwner ? 'map.ownerManager' : 'map.ownerRep')}</p>
      </div>

      <section aria-labelledby="import-map-title">
        <h2 id="import-map-title" className="mb-2 text-base font-semibold text-slate-900">
          {t('map.title')}
        </h2>
        <Table label={t('map.title')}>
          <thead>
            <tr>
              <Th>{t('map.column')}</Th>
              <Th>{t('map.sample')}</Th>
              <Th>{t('map.field')}</Th>
            </tr>
          </thead>
          <tbody>
            {file.headers.map((header, column) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a file's columns are identified by position (headers may repeat)
              <tr key={column}>
                <Td className="font-medium">{header}</Td>
                <Td className="max-w-xs truncate text-slate-500">{sample(column)}</Td>
                <Td>
                  <Select
                    aria-label={header}
                    value={mapping[column] ?? ''}
                    onChange={(e) =>
                      onMapping(
                        mapping.map((f, i) => (i === column ? ((e.target.value || null) as ImportField | null) : f)),
                      )
                    }
                    className="min-w-56"
                  >
                    <option value="">{t('map.skip')}</option>
                    {fieldsFor(canAssignOwner).map((f) => (
                      <option key={f} value={f}>
                        {REQUIRED_FIELDS.includes(f) ? t('map.required', { field: label(f) }) : label(f)}
                      </option>
                    ))}
                  </Select>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      {problems.length ? (
        <Alert tone="warning">
          <ul className="list-disc space-y-1 pl-4">
            {problems.map((p) => (
              <li key={`${p.problem}:${p.fields.join(',')}`}>
                {p.problem === 'twice'
                  ? t('map.twice', { fields: list(p.fields) })
                  : p.fields.length > 1
                    ? t('map.missingOneOf', { fields: list(p.fields, 'disjunction') })
                    : t('map.missing', { fields: list(p.fields) })}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}

      {mapped.length ? (
        <section aria-labelledby="import-preview-title">
          <h2 id="import-preview-title" className="mb-2 text-base font-semibold text-slate-900">
            {t('map.previewTitle', { count: preview.length })}
          </h2>
          <Table label={t('map.previewTitle', { count: preview.length })}>
            <thead>
              <tr>
                <Th>{t('map.row')}</Th>
                {mapped.map((m) => (
                  <Th key={m.column}>{label(m.f)}</Th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.map((row) => (
                <tr key={row.line}>
                  <Td className="text-slate-500">{row.line}</Td>
                  {mapped.map((m) => (
                    <Td key={m.column} className="max-w-xs truncate">
                      {row.values[m.f]}
                    </Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}

      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={onBack}>
          {t('map.backToFile')}
        </Button>
        <Button type="button" disabled={problems.length > 0} onClick={onStart}>
          {t('map.start', { count: file.rowCount })}
        </Button>
      </div>
    </div>
  );
}

/** A field's name in the viewer's language. */
export function useFieldLabel(): (field: ImportField) => string {
  const t = useTranslations('import.customerFields');
  return useCallback((field: ImportField) => t(field), [t]);
}
