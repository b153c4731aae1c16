'use client';

import { useEffect, useId, useState } from 'react';
import { cn } from './cn';

/**
 * Text shown on hover and on keyboard focus of its trigger (WCAG 1.4.13: it stays while hovered,
 * Escape dismisses it). The trigger is focusable and names the tooltip as its description, so a
 * screen reader reads it whether or not it is visible.
 */
export function Tooltip({
  content,
  children,
  className,
}: {
  content: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover only mirrors focus, which the trigger handles
    <span
      className={cn('relative inline-flex', className)}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
    >
      <button
        type="button"
        aria-describedby={id}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        className="inline-flex rounded-full"
      >
        {children}
      </button>
      <span
        id={id}
        role="tooltip"
        className={cn(
          'absolute top-full left-0 z-30 mt-1 w-64 rounded-md bg-slate-900 px-3 py-2 text-xs font-normal text-white shadow-lg',
          open ? 'block' : 'hidden',
        )}
      >
        {content}
      </span>
    </span>
  );
}
