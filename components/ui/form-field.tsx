'use client';

import { useTranslations } from 'next-intl';
import { cloneElement, isValidElement, useId } from 'react';
import { Label } from './input';

type Props = {
  label: string;
  /** Validation message keys (namespace "validation") or plain messages. */
  errors?: string[];
  hint?: string;
  children: React.ReactElement<Record<string, unknown>>;
  className?: string;
};

/** A label, a control and its error, wired for screen readers (aria-invalid, aria-describedby). */
export function FormField({ label, errors, hint, children, className }: Props) {
  const t = useTranslations('validation');
  const id = useId();
  const controlId = (children.props.id as string | undefined) ?? id;
  const errorId = `${controlId}-error`;
  const hintId = `${controlId}-hint`;
  const message = errors?.[0];
  const describedBy = [message ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <Label htmlFor={controlId}>{label}</Label>
      <div className="mt-1">
        {isValidElement(children)
          ? cloneElement(children, {
              id: controlId,
              'aria-invalid': message ? true : undefined,
              'aria-describedby': describedBy,
            })
          : children}
      </div>
      {hint && !message ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={errorId} className="mt-1 text-xs text-red-600">
          {t.has(message) ? t(message) : message}
        </p>
      ) : null}
    </div>
  );
}
