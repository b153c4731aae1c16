'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import type { ActionState } from '@/lib/action-state';

/** The form-level outcome of an action: its message key translated from the "messages" namespace. */
export function FormMessage({ state }: { state: ActionState }) {
  const t = useTranslations('messages');
  if (!state.message) {
    if (!state.ok && state.fieldErrors && Object.keys(state.fieldErrors).length)
      return <Alert tone="error">{t('fixFields')}</Alert>;
    return null;
  }
  const text = t.has(state.message) ? t(state.message) : state.message;
  return <Alert tone={state.ok ? 'success' : 'error'}>{text}</Alert>;
}
