'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import { ColumnMappingTable, MappingProblems } from '@/components/import/column-mapping';
import { Button } from '@/components/ui/button';
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

      <ColumnMappingTable
        id="import-map"
        headers={file.headers}
        sample={sample}
        fields={fieldsFor(canAssignOwner)}
        required={REQUIRED_FIELDS}
        fieldAt={(column) => mapping[column] ?? ''}
        onChange={(column, field) => onMapping(mapping.map((f, i) => (i === column ? field || null : f)))}
        fieldLabel={label}
        messages="import"
      />
      <MappingProblems problems={problems} fieldLabel={label} messages="import" />

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
