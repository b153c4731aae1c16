'use client';

import type { useFormatter } from 'next-intl';
import { useTranslations } from 'next-intl';

/** "12.3 MB": sizes in the viewer's language. */
export function formatBytes(format: ReturnType<typeof useFormatter>, bytes: number): string {
  if (bytes < 1e6)
    return format.number(Math.max(bytes / 1e3, 0.1), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });
  return format.number(bytes / 1e6, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
}

/**
 * A progress bar with its numbers as text. A native <progress> (not a div with an inline width:
 * the Content-Security-Policy refuses style attributes in server-rendered HTML).
 */
export function ProgressBar({ share, label, text }: { share: number; label: string; text: string }) {
  const percent = Math.round(Math.min(Math.max(share, 0), 1) * 1000) / 10;
  return (
    <div className="space-y-1">
      <progress
        aria-label={label}
        aria-valuetext={text}
        max={100}
        value={percent}
        className="h-3 w-full appearance-none overflow-hidden rounded-full bg-slate-100 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-brand-600"
      />
      <p className="text-sm text-slate-700">{text}</p>
    </div>
  );
}

export function UploadBar({
  received,
  total,
  format,
  label,
}: {
  received: number;
  total: number;
  format: ReturnType<typeof useFormatter>;
  label: string;
}) {
  const t = useTranslations('orderImport');
  return (
    <ProgressBar
      share={total ? received / total : 0}
      label={label}
      text={t('upload.progress', { done: formatBytes(format, received), total: formatBytes(format, total) })}
    />
  );
}
