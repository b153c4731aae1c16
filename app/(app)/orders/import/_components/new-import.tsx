'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { FilePicker } from '@/components/import/file-picker';
import { ImportSteps } from '@/components/import/import-steps';
import { Alert } from '@/components/ui/alert';
import { detectPreset } from '@/lib/sales/order-import/fields';
import { HEAD_BYTES, readHead } from '@/lib/sales/order-import/head';
import { completeUploadAction, createOrderImportAction } from '@/lib/sales/order-import/order-import-actions';
import { MAX_UPLOAD_BYTES, type OrderImportOptions } from '@/lib/sales/order-import/schemas';
import { initialOptions, type LoadedHead } from '@/lib/sales/order-import/suggest';
import { MappingForm } from './mapping-form';
import { uploadFile } from './upload';
import { UploadBar } from './upload-bar';

/**
 * File → columns and options → upload. Only the first 256 KB of the file are read here (columns,
 * preview); the whole file goes to the server in 1 MB parts and is imported there as a job, whose
 * page this step ends on.
 */
type Step = 'file' | 'map' | 'upload';

export function NewOrderImport({
  companyTimeZone,
  mayImportGuests,
  ownCustomersOnly,
}: {
  companyTimeZone: string;
  mayImportGuests: boolean;
  ownCustomersOnly: boolean;
}) {
  const t = useTranslations('orderImport');
  const format = useFormatter();
  const router = useRouter();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<LoadedHead | null>(null);
  const [options, setOptions] = useState<OrderImportOptions | null>(null);
  const [problem, setProblem] = useState<{ key: string; values?: Record<string, string | number> } | null>(null);
  const [reading, setReading] = useState(false);
  const [received, setReceived] = useState(0);

  async function choose(input: HTMLInputElement) {
    setProblem(null);
    const chosen = input.files?.[0];
    if (!chosen) return;
    const refuse = (key: string, values?: Record<string, string | number>) => {
      setProblem({ key, values });
      input.value = '';
    };
    if (chosen.size > MAX_UPLOAD_BYTES) return refuse('tooLarge');
    setReading(true);
    try {
      const bytes = new Uint8Array(await chosen.slice(0, HEAD_BYTES).arrayBuffer());
      const read = readHead(bytes, chosen.size <= HEAD_BYTES);
      if (!read.ok) return refuse(read.problem, { column: read.column ?? 0, name: read.name ?? '' });
      const preset = detectPreset(read.headers);
      setFile(chosen);
      setHead(read);
      setOptions(initialOptions(read, preset, companyTimeZone));
      setStep('map');
    } catch {
      refuse('readFailed');
    } finally {
      setReading(false);
    }
  }

  async function start() {
    if (!file || !head || !options) return;
    setProblem(null);
    const created = await createOrderImportAction({
      fileName: file.name.slice(0, 255) || 'orders.csv',
      fileSize: file.size,
      encoding: head.encoding,
      delimiter: head.delimiter,
      headers: head.headers,
      options,
    });
    if (!created.ok || !created.id) {
      const reason = created.reason;
      setProblem({ key: reason === 'forbidden' || reason === 'tooManyUploads' ? reason : 'invalid' });
      return;
    }
    const id = created.id;
    setStep('upload');
    setReceived(0);
    const uploaded = await uploadFile(id, file, 0, setReceived);
    if (uploaded) await completeUploadAction({ id }).catch(() => null);
    // Either way the import's page takes over: it shows the progress, or offers to continue the upload.
    router.push(`/orders/import/${id}`);
  }

  const steps: Step[] = ['file', 'map', 'upload'];
  return (
    <div className="space-y-6">
      <ImportSteps steps={steps} current={step} label={t('steps.label')} stepLabel={(s) => t(`steps.${s}`)} />

      {step === 'file' ? (
        <FilePicker
          messages="orderImport"
          reading={reading}
          invalid={problem !== null}
          onFile={(input) => void choose(input)}
        />
      ) : null}

      {step === 'map' && file && head && options ? (
        <MappingForm
          fileName={file.name}
          fileSize={file.size}
          head={head}
          options={options}
          onOptions={setOptions}
          mayImportGuests={mayImportGuests}
          ownCustomersOnly={ownCustomersOnly}
          onBack={() => {
            setStep('file');
            setFile(null);
            setHead(null);
            setOptions(null);
            setProblem(null);
          }}
          onStart={() => void start()}
        />
      ) : null}

      {step === 'upload' && file ? (
        <div className="max-w-2xl space-y-2">
          <p className="text-sm font-medium text-slate-900">{t('upload.uploading')}</p>
          <UploadBar received={received} total={file.size} format={format} label={t('upload.label')} />
        </div>
      ) : null}

      {problem ? <Alert tone="error">{t(`errors.${problem.key}`, problem.values)}</Alert> : null}
    </div>
  );
}
