'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FilePicker } from '@/components/import/file-picker';
import { Alert } from '@/components/ui/alert';
import { MAX_CSV_BYTES } from '@/lib/csv/checks';
import { type FileProblem, readImportFile } from '@/lib/customers/import/read-file';

export type LoadedFile = { name: string; headers: string[]; records: string[][]; rowCount: number };

/**
 * Step 1: the file (customers; order history has its own import). The file never leaves the browser as a whole: it is
 * size-checked before reading, decoded as strict UTF-8, parsed and header-checked here.
 */
export function FileStep({ onLoaded }: { onLoaded: (file: LoadedFile) => void }) {
  const t = useTranslations('import');
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
      <FilePicker
        messages="import"
        reading={reading}
        invalid={problem !== null}
        onFile={(input) => void choose(input)}
      />
      {problem ? <Alert tone="error">{t(`errors.${problem.key}`, problem.values)}</Alert> : null}
    </div>
  );
}
