'use client';

import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
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
  // Shift left by what would run past the window's right edge (a trigger near it, on a wide screen).
  const tip = useRef<HTMLSpanElement>(null);
  const [shift, setShift] = useState(0);
  useLayoutEffect(() => {
    if (!open || !tip.current) {
      setShift(0);
      return;
    }
    // Measured unshifted: closing set the shift back to 0.
    const rect = tip.current.getBoundingClientRect();
    const over = rect.right - (document.documentElement.clientWidth - 8);
    setShift(over > 0 ? Math.max(0, Math.min(over, rect.left - 8)) : 0);
  }, [open]);
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
        ref={tip}
        id={id}
        role="tooltip"
        style={shift > 0 ? { transform: `translateX(-${shift}px)` } : undefined}
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
