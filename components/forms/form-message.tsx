'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import type { ActionState } from '@/lib/action-state';

/**
 * A refused action's message above the form: its key translated from the "messages" namespace.
 * Successes are confirmed by a toast instead (useFormFeedback), not here.
 */
export function FormMessage({ state }: { state: ActionState }) {
  const t = useTranslations('messages');
  if (state.ok) return null;
  if (!state.message) {
    if (!state.ok && state.fieldErrors && Object.keys(state.fieldErrors).length)
      return <Alert tone="error">{t('fixFields')}</Alert>;
    return null;
  }
  const text = t.has(state.message) ? t(state.message) : state.message;
  return <Alert tone="error">{text}</Alert>;
}
