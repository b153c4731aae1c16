'use client';

import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { Label } from '@/components/ui/input';
import type { ImportMessages } from './column-mapping';

/**
 * The file input of every import (customers, order history, continuing an upload): a CSV file,
 * its label and hint ("file.*" of the import's catalog unless given), and a "reading" line while the browser reads it. `onFile` gets the input, so
 * a refused file can be cleared (choosing the same file again, once fixed, reads it again).
 */
export function FilePicker({
  messages,
  label,
  hint,
  reading,
  invalid,
  onFile,
}: {
  messages: ImportMessages;
  label?: string;
  hint?: string;
  reading?: boolean;
  invalid?: boolean;
  onFile: (input: HTMLInputElement) => void;
}) {
  const t = useTranslations(messages);
  const id = useId();
  return (
    <div className="max-w-2xl space-y-1">
      <Label htmlFor={id}>{label ?? t('file.label')}</Label>
      <input
        id={id}
        type="file"
        accept=".csv,.txt,text/csv"
        aria-describedby={`${id}-hint`}
        aria-invalid={invalid ? true : undefined}
        disabled={reading}
        onChange={(e) => onFile(e.currentTarget)}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint ?? t('file.hint')}
      </p>
      {reading ? (
        <p role="status" className="text-sm text-slate-600">
          {t('file.reading')}
        </p>
      ) : null}
    </div>
  );
}
