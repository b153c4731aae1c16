'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type RefObject, useEffect, useRef } from 'react';
import { useToast, withFlash } from '@/components/ui/toast';
import type { ActionState } from '@/lib/action-state';

type Options = {
  /** Where a success leads (e.g. the saved record); the confirmation is shown there. Null: stay. */
  redirect?: (state: ActionState) => string | null;
};

/**
 * What every form does with the outcome of its action, in one place. A success is confirmed: by a
 * toast when the form stays, or on the page it leads to (the message travels in the address, see
 * withFlash). A refusal is made visible: the form's error banner is scrolled into view below the
 * sticky header (the page's scroll-padding-top) and the first invalid field gets the focus, its
 * error read out through aria-describedby (components/ui/form-field.tsx).
 * Returns the ref to put on the <form>.
 */
export function useFormFeedback(state: ActionState, { redirect }: Options = {}): RefObject<HTMLFormElement | null> {
  const form = useRef<HTMLFormElement>(null);
  const toast = useToast();
  const router = useRouter();
  const t = useTranslations('messages');
  // The latest callback without making the effect re-run for a new function each render.
  const redirectTo = useRef(redirect);
  redirectTo.current = redirect;
  // Each outcome is handled once, even if the effect runs again (another language, a new router).
  const handled = useRef<ActionState | null>(null);

  useEffect(() => {
    if (handled.current === state) return;
    handled.current = state;
    if (state.ok) {
      const href = redirectTo.current?.(state) ?? null;
      if (href) router.push(withFlash(href, state.message));
      else if (state.message) toast(t.has(state.message) ? t(state.message) : state.message);
      return;
    }
    // The initial state (nothing submitted yet) has neither.
    if (form.current && (state.message || state.fieldErrors)) showRefusal(form.current);
  }, [state, router, toast, t]);

  return form;
}

/** The error banner of a refused form into view, then the focus on its first invalid field. */
export function showRefusal(form: HTMLFormElement): void {
  const banner = form.querySelector<HTMLElement>('[role="alert"]');
  banner?.scrollIntoView({ block: 'nearest' });
  const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return;
  field.focus({ preventScroll: true });
  // Far down a long form the field may be off screen below the banner: the focus must be seen.
  const top = Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
  const box = field.getBoundingClientRect();
  if (box.top < top || box.bottom > window.innerHeight) field.scrollIntoView({ block: 'center' });
}
