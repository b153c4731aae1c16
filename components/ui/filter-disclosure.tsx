'use client';

import { ChevronDown, ListFilter } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { cn } from './cn';

/**
 * A list's filters behind a "Filters" button on a phone, where they would fill the first screen;
 * from the `sm` breakpoint they are always shown and the button is hidden. The button says how many
 * filters are active. The panel is `display: contents`, so its fields lay out in the form's own
 * flex or grid exactly as if they were its children.
 */
export function FilterDisclosure({ active, children }: { active: number; children: React.ReactNode }) {
  const t = useTranslations('common');
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panel}
        aria-label={t('filtersActive', { count: active })}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-9 items-center gap-2 justify-self-start rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 sm:hidden"
      >
        <ListFilter aria-hidden className="h-4 w-4" />
        {t('filters')}
        {active > 0 ? (
          <span aria-hidden className="rounded-full bg-brand-600 px-1.5 text-xs leading-5 text-white tabular-nums">
            {active}
          </span>
        ) : null}
        <ChevronDown aria-hidden className={cn('h-4 w-4 motion-safe:transition-transform', open && 'rotate-180')} />
      </button>
      <div id={panel} className={open ? 'contents' : 'hidden sm:contents'}>
        {children}
      </div>
    </>
  );
}
