'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useId } from 'react';

/**
 * The email-consent checkbox of the customer and contact forms. For someone who unsubscribed it is
 * off and disabled, with the reason: only the person opts back in (lib/customers/consent.ts); the
 * server refuses a crafted tick too.
 */
export function ConsentField({
  stored,
  submitted,
  errors,
}: {
  /** The record's consent as stored (none for a new record). */
  stored?: { emailConsent: boolean; unsubscribedAt: Date | null };
  /** The box as last submitted (echoed after a failed save), or null before any submit. */
  submitted: boolean | null;
  errors?: string[];
}) {
  const t = useTranslations('customers.form');
  const tv = useTranslations('validation');
  const format = useFormatter();
  const id = useId();
  const unsubscribedAt = stored?.unsubscribedAt ?? null;
  const error = errors?.[0];
  const noteId = `${id}-note`;
  const note = error
    ? tv.has(error)
      ? tv(error)
      : error
    : unsubscribedAt
      ? t('consentUnsubscribed', { date: format.dateTime(unsubscribedAt, { dateStyle: 'medium' }) })
      : null;
  return (
    <div className="self-end pb-2">
      <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-700">
        <input
          id={id}
          type="checkbox"
          name="emailConsent"
          defaultChecked={!unsubscribedAt && (submitted ?? stored?.emailConsent ?? false)}
          disabled={unsubscribedAt !== null}
          aria-invalid={error ? true : undefined}
          aria-describedby={note ? noteId : undefined}
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('emailConsent')}
      </label>
      {note ? (
        <p id={noteId} className={error ? 'mt-1 text-xs text-red-600' : 'mt-1 text-xs text-slate-500'}>
          {note}
        </p>
      ) : null}
    </div>
  );
}
