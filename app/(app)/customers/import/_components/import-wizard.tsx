'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { cn } from '@/components/ui/cn';
import { type ImportField, suggestMapping } from '@/lib/customers/import/fields';
import { FileStep, type LoadedFile } from './file-step';
import { MappingStep } from './mapping-step';
import { RunStep } from './run-step';
import { useImportRun } from './use-import-run';

type Step = 'file' | 'map' | 'run';

/** File → columns → import. State lives here; each step is a plain component of it. */
export function ImportWizard({ canAssignOwner }: { canAssignOwner: boolean }) {
  const t = useTranslations('import.steps');
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [mapping, setMapping] = useState<(ImportField | null)[]>([]);
  const run = useImportRun();

  const loaded = (next: LoadedFile) => {
    setFile(next);
    setMapping(suggestMapping(next.headers, canAssignOwner));
    setStep('map');
  };
  const reset = () => {
    run.reset();
    setFile(null);
    setMapping([]);
    setStep('file');
  };

  return (
    <div className="space-y-6">
      <ol aria-label={t('label')} className="flex flex-wrap gap-2 text-sm">
        {(['file', 'map', 'run'] as const).map((s) => (
          <li
            key={s}
            aria-current={s === step ? 'step' : undefined}
            className={cn(
              'rounded-full px-3 py-1',
              s === step ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-600',
            )}
          >
            {t(s)}
          </li>
        ))}
      </ol>
      {step === 'file' ? <FileStep onLoaded={loaded} /> : null}
      {step === 'map' && file ? (
        <MappingStep
          file={file}
          mapping={mapping}
          onMapping={setMapping}
          canAssignOwner={canAssignOwner}
          onBack={reset}
          onStart={() => {
            setStep('run');
            void run.start(file.records, mapping);
          }}
        />
      ) : null}
      {step === 'run' && file ? <RunStep file={file} mapping={mapping} run={run} onReset={reset} /> : null}
    </div>
  );
}
