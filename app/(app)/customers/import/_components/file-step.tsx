'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Label } from '@/components/ui/input';
import { MAX_CSV_BYTES } from '@/lib/csv/checks';
import { type FileProblem, readImportFile } from '@/lib/customers/import/read-file';

export type LoadedFile = { name: string; headers: string[]; records: string[][]; rowCount: number };

/**
 * Step 1: what the file holds and which file. The file never leaves the browser as a whole: it is
 * size-checked before reading, decoded as strict UTF-8, parsed and header-checked here.
 */
export function FileStep({ onLoaded }: { onLoaded: (file: LoadedFile) => void }) {
  const t = useTranslations('import');
  const inputId = useId();
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [reading, setReading] = useState(false);

  async function choose(input: HTMLInputElement) {
    setProblem(null);
    const file = input.files?.[0];
    if (!file) return;
    const refuse = (p: FileProblem) => {
      setProblem(p);
      input.value = ''; // so choosing the same file again, once fixed, reads it again
    };
    // Checked before reading: a 2 GB file is refused without loading it.
    if (file.size > MAX_CSV_BYTES) return refuse({ key: 'tooLarge' });
    setReading(true);
    try {
      const result = readImportFile(new Uint8Array(await file.arrayBuffer()));
      if (!result.ok) refuse(result.problem);
      else onLoaded({ name: file.name, headers: result.headers, records: result.records, rowCount: result.rowCount });
    } catch {
      refuse({ key: 'readFailed' });
    } finally {
      setReading(false);
    }
  }

  return (
    <div className="max-w-2xl space-y-5">
      <div>
        <Label htmlFor={inputId}>{t('file.label')}</Label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.txt,text/csv"
          aria-describedby={`${inputId}-hint`}
          aria-invalid={problem ? true : undefined}
          disabled={reading}
          onChange={(e) => void choose(e.currentTarget)}
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50"
        />
        <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-500">
          {t('file.hint')}
        </p>
      </div>
      {reading ? (
        <p role="status" className="text-sm text-slate-600">
          {t('file.reading')}
        </p>
      ) : null}
      {problem ? <Alert tone="error">{t(`errors.${problem.key}`, problem.values)}</Alert> : null}
    </div>
  );
}
