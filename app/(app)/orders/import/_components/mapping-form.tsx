'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useId, useMemo } from 'react';
import { ColumnMappingTable, MappingProblems } from '@/components/import/column-mapping';
import { Button } from '@/components/ui/button';
import { Input, Label, Select } from '@/components/ui/input';
import { Table, Td, Th } from '@/components/ui/table';
import { assemble, parseRecords } from '@/lib/sales/order-import/assemble';
import {
  type Mapping,
  mappingProblems,
  ORDER_LINE_FIELDS,
  type OrderLineField,
  PRESET_NAMES,
  type PresetName,
  REQUIRED_LINE_FIELDS,
  suggestMapping,
} from '@/lib/sales/order-import/fields';
import { lineReader } from '@/lib/sales/order-import/lines';
import type { OrderImportOptions } from '@/lib/sales/order-import/schemas';
import { formatsFor, guessDateFormat, type LoadedHead } from '@/lib/sales/order-import/suggest';
import { formatBytes } from './upload-bar';

const PREVIEW_ROWS = 10;

type Props = {
  fileName: string;
  fileSize: number;
  head: LoadedHead;
  options: OrderImportOptions;
  onOptions: (options: OrderImportOptions) => void;
  mayImportGuests: boolean;
  ownCustomersOnly: boolean;
  onBack: () => void;
  onStart: () => void;
};

/** Step 2: which field each column fills, how values are read, and the first rows as they will be read. */
export function MappingForm(props: Props) {
  const { fileName, fileSize, head, options, onOptions, mayImportGuests, ownCustomersOnly, onBack, onStart } = props;
  const t = useTranslations('orderImport');
  const tf = useTranslations('orderImport.fields');
  const format = useFormatter();
  const id = useId();
  const problems = mappingProblems(options.mapping, head.headers.length);
  // Tries every format on every sample row of the head: once per change of the date column or layout.
  const date = useMemo(
    () => guessDateFormat(head, options.mapping.orderedAt, options.preset),
    [head, options.mapping.orderedAt, options.preset],
  );
  const zones = useMemo(() => supportedTimeZones(options.timeZone), [options.timeZone]);
  const set = (patch: Partial<OrderImportOptions>) => onOptions({ ...options, ...patch });

  const fieldOf = (column: number) =>
    (Object.entries(options.mapping) as [OrderLineField, number][]).find(([, c]) => c === column)?.[0] ?? '';
  const mapColumn = (column: number, field: OrderLineField | '') => {
    const next: Mapping = {};
    for (const [f, c] of Object.entries(options.mapping) as [OrderLineField, number][])
      if (c !== column && f !== field) next[f] = c;
    if (field) next[field] = column;
    set({ mapping: next });
  };
  const choosePreset = (value: string) => {
    const preset = (PRESET_NAMES as readonly string[]).includes(value) ? (value as PresetName) : null;
    const mapping = suggestMapping(head.headers, preset);
    set({
      preset,
      mapping,
      dateFormat: guessDateFormat(head, mapping.orderedAt, preset).format,
      cancelPrefix: preset === 'online-retail' ? 'C' : '',
    });
  };

  const preview = useMemo(() => {
    if (problems.length) return null;
    try {
      const read = lineReader(options);
      const records = head.samples.slice(0, PREVIEW_ROWS).map((cells, i) => ({ row: i + 2, cells }));
      const { parsed } = parseRecords(records, read);
      const { lines, rejected } = assemble(parsed, null, new Map());
      return { lines: lines.filter((l) => l.lineNo > 0), rejected };
    } catch {
      return null;
    }
  }, [head, options, problems.length]);
  const tr = useTranslations('orderImport.reasons');

  return (
    <div className="space-y-6">
      <div className="space-y-1 text-sm text-slate-600">
        <p className="font-medium break-all text-slate-900">
          {t('file.summary', { name: fileName, size: formatBytes(format, fileSize), columns: head.headers.length })}
        </p>
        {head.encoding !== 'utf-8' ? <p>{t('file.encoding')}</p> : null}
        <p>{t('map.help')}</p>
        {ownCustomersOnly ? <p>{t('map.repNote')}</p> : null}
      </div>

      <div className="max-w-md">
        <Label htmlFor={`${id}-preset`}>{t('map.preset')}</Label>
        <Select
          id={`${id}-preset`}
          value={options.preset ?? 'none'}
          onChange={(e) => choosePreset(e.target.value)}
          aria-describedby={options.preset ? `${id}-preset-note` : undefined}
          className="mt-1 w-full"
        >
          <option value="none">{t('map.presets.none')}</option>
          {PRESET_NAMES.map((p) => (
            <option key={p} value={p}>
              {t(`map.presets.${p}`)}
            </option>
          ))}
        </Select>
        {options.preset ? (
          <p id={`${id}-preset-note`} className="mt-1 text-xs text-slate-500">
            {t(`map.presetNotes.${options.preset}`)}
          </p>
        ) : null}
      </div>

      <ColumnMappingTable
        id={id}
        headers={head.headers}
        sample={(column) => head.samples.find((r) => (r[column] ?? '').trim() !== '')?.[column] ?? ''}
        fields={ORDER_LINE_FIELDS}
        required={REQUIRED_LINE_FIELDS}
        fieldAt={fieldOf}
        onChange={mapColumn}
        fieldLabel={(f) => tf(f)}
        messages="orderImport"
      />
      <MappingProblems problems={problems} fieldLabel={(f) => tf(f)} messages="orderImport" />

      <fieldset className="space-y-4">
        <legend className="mb-2 text-base font-semibold text-slate-900">{t('map.optionsTitle')}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <Label htmlFor={`${id}-date`}>{t('map.dateFormat')}</Label>
            <Select
              id={`${id}-date`}
              value={options.dateFormat}
              onChange={(e) => set({ dateFormat: e.target.value })}
              aria-describedby={`${id}-date-hint`}
              className="mt-1 w-full"
            >
              {formatsFor(options.preset).map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </Select>
            <p id={`${id}-date-hint`} className="mt-1 text-xs text-slate-500">
              {t('map.dateFormatHint')}
              {date.ambiguous ? ` ${t('map.dateAmbiguous')}` : date.none ? ` ${t('map.dateNone')}` : ''}
            </p>
          </div>
          <div>
            <Label htmlFor={`${id}-zone`}>{t('map.timeZone')}</Label>
            <Select
              id={`${id}-zone`}
              value={options.timeZone}
              onChange={(e) => set({ timeZone: e.target.value })}
              aria-describedby={`${id}-zone-hint`}
              className="mt-1 w-full"
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </Select>
            <p id={`${id}-zone-hint`} className="mt-1 text-xs text-slate-500">
              {t('map.timeZoneHint')}
            </p>
          </div>
          <div>
            <Label htmlFor={`${id}-decimal`}>{t('map.decimal')}</Label>
            <Select
              id={`${id}-decimal`}
              value={options.decimal}
              onChange={(e) => set({ decimal: e.target.value === ',' ? ',' : '.' })}
              className="mt-1 w-full"
            >
              <option value=".">{t('map.decimalPoint')}</option>
              <option value=",">{t('map.decimalComma')}</option>
            </Select>
          </div>
          <div>
            <Label htmlFor={`${id}-prefix`}>{t('map.cancelPrefix')}</Label>
            <Input
              id={`${id}-prefix`}
              value={options.cancelPrefix}
              maxLength={5}
              onChange={(e) => set({ cancelPrefix: e.target.value })}
              aria-describedby={`${id}-prefix-hint`}
              className="mt-1 w-full"
            />
            <p id={`${id}-prefix-hint`} className="mt-1 text-xs text-slate-500">
              {t('map.cancelPrefixHint')}
            </p>
          </div>
        </div>
        <Checkbox
          id={`${id}-create`}
          checked={options.createCustomers}
          onChange={(v) => set({ createCustomers: v })}
          label={t('map.createCustomers')}
          hint={t('map.createCustomersHint')}
        />
        {mayImportGuests ? (
          <Checkbox
            id={`${id}-guests`}
            checked={options.guestOrders}
            onChange={(v) => set({ guestOrders: v })}
            label={t('map.guestOrders')}
            hint={t('map.guestOrdersHint')}
          />
        ) : null}
      </fieldset>

      {preview ? (
        <section aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} className="mb-2 text-base font-semibold text-slate-900">
            {t('map.previewTitle', { count: preview.lines.length + preview.rejected.length })}
          </h2>
          {/* Labelled, so the sideways-scrolling box is a region a keyboard can reach (on a phone it scrolls). */}
          <Table label={t('map.previewTitle', { count: preview.lines.length + preview.rejected.length })}>
            <thead>
              <tr>
                <Th>{t('map.row')}</Th>
                <Th>{tf('orderNo')}</Th>
                <Th>{tf('orderedAt')}</Th>
                <Th>{t('map.previewCustomer')}</Th>
                <Th className="text-right">{tf('quantity')}</Th>
                <Th className="text-right">{tf('lineTotal')}</Th>
              </tr>
            </thead>
            <tbody>
              {[
                ...preview.lines.map((l) => ({ row: l.row, line: l })),
                ...preview.rejected.map((r) => ({ row: r.row, rejected: r })),
              ]
                .sort((a, b) => a.row - b.row)
                .map((p) =>
                  'line' in p && p.line ? (
                    <tr key={p.row}>
                      <Td className="text-slate-500">{p.row}</Td>
                      <Td>{p.line.orderNo}</Td>
                      <Td className="whitespace-nowrap">
                        {p.line.orderedAt
                          ? format.dateTime(p.line.orderedAt, {
                              dateStyle: 'medium',
                              timeStyle: 'short',
                              timeZone: options.timeZone,
                            })
                          : ''}
                      </Td>
                      <Td className="break-all">{p.line.customerId ?? p.line.customerEmail ?? '—'}</Td>
                      <Td className="text-right tabular-nums">{p.line.quantity}</Td>
                      <Td className="text-right tabular-nums">{p.line.lineTotal}</Td>
                    </tr>
                  ) : 'rejected' in p && p.rejected ? (
                    <tr key={p.row}>
                      <Td className="text-slate-500">{p.row}</Td>
                      <Td colSpan={5} className="text-red-700">
                        {p.rejected.reasons
                          .map(
                            (e) =>
                              `${e.field === 'row' ? t('report.wholeRow') : tf(e.field)}: ${tr.has(e.reason) ? tr(e.reason) : e.reason}`,
                          )
                          .join('; ')}
                      </Td>
                    </tr>
                  ) : null,
                )}
            </tbody>
          </Table>
        </section>
      ) : null}

      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={onBack}>
          {t('map.backToFile')}
        </Button>
        <Button type="button" disabled={problems.length > 0} onClick={onStart}>
          {t('map.start')}
        </Button>
      </div>
    </div>
  );
}

function Checkbox({
  id,
  checked,
  onChange,
  label,
  hint,
}: {
  id: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
  hint: string;
}) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
        className="mt-0.5 h-4 w-4 rounded border-slate-300"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      </div>
    </div>
  );
}

/** The zones this browser knows (the chosen one first if it is not among them). */
function supportedTimeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}
