'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ImportSteps } from '@/components/import/import-steps';
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
      <ImportSteps steps={['file', 'map', 'run'] as const} current={step} label={t('label')} stepLabel={(s) => t(s)} />
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
