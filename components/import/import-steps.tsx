import { cn } from '@/components/ui/cn';

/** The numbered steps of an import (file → columns → import), the current one marked. */
export function ImportSteps<S extends string>({
  steps,
  current,
  label,
  stepLabel,
}: {
  steps: readonly S[];
  current: S;
  label: string;
  stepLabel: (step: S) => string;
}) {
  return (
    <ol aria-label={label} className="flex flex-wrap gap-2 text-sm">
      {steps.map((s) => (
        <li
          key={s}
          aria-current={s === current ? 'step' : undefined}
          className={cn(
            'rounded-full px-3 py-1',
            s === current ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-600',
          )}
        >
          {stepLabel(s)}
        </li>
      ))}
    </ol>
  );
}
