'use client';

import { CircleCheck } from 'lucide-react';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { createContext, Suspense, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { FLASH_PARAM, isFlashMessage } from './flash';

/**
 * Confirmations of what succeeded ("Changes saved."), shown for a few seconds at the bottom of the
 * screen in a polite live region (role="status"), so a screen reader announces them without moving
 * the focus. The app layout mounts one <Toaster>; forms reach it through useToast(). A save that
 * navigates elsewhere leaves its message in the address instead (`withFlash`), and the page it
 * lands on shows it once.
 */

type ToastItem = { id: number; text: string };

const ToastContext = createContext<((text: string) => void) | null>(null);

/** How long a confirmation stays (not counting while the pointer rests on it). */
const VISIBLE_MS = 6000;

/** Shows a confirmation. Only inside the app layout's <Toaster>. */
export function useToast(): (text: string) => void {
  const toast = useContext(ToastContext);
  if (!toast) throw new Error('useToast() needs the <Toaster> of the app layout above it');
  return toast;
}

/** `href` with a confirmation (one of FLASH_MESSAGES) for the page it leads to. */
export function withFlash(href: string, message: string | undefined): string {
  if (!message) return href;
  if (!isFlashMessage(message)) {
    // A new confirmation that leads elsewhere belongs in FLASH_MESSAGES, or the page drops it.
    console.error(`withFlash: "${message}" is not in FLASH_MESSAGES`);
    return href;
  }
  const url = new URL(href, window.location.origin);
  url.searchParams.set(FLASH_PARAM, message);
  return `${url.pathname}${url.search}${url.hash}`;
}

export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(0);
  const toast = useCallback((text: string) => {
    nextId.current += 1;
    const id = nextId.current;
    // The same message again (a second save) replaces the first; at most three at a time.
    setToasts((list) => [...list.filter((t) => t.text !== text), { id, text }].slice(-3));
  }, []);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  return (
    <ToastContext.Provider value={toast}>
      {children}
      <Suspense fallback={null}>
        <Flash toast={toast} />
      </Suspense>
      {/* Always in the page, so assistive technology is already watching it when a message arrives. */}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-center gap-2 sm:inset-x-auto sm:right-6 sm:bottom-6 sm:items-end"
      >
        {toasts.map((t) => (
          <Toast key={t.id} item={t} onExpire={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ item, onExpire }: { item: ToastItem; onExpire: (id: number) => void }) {
  const [resting, setResting] = useState(false);
  useEffect(() => {
    if (resting) return;
    const timer = setTimeout(() => onExpire(item.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [resting, item.id, onExpire]);
  return (
    <div
      className="pointer-events-auto flex max-w-sm items-center gap-2 rounded-md bg-slate-900 px-4 py-2.5 text-sm text-white shadow-lg"
      onPointerEnter={() => setResting(true)}
      onPointerLeave={() => setResting(false)}
    >
      <CircleCheck aria-hidden className="h-4 w-4 shrink-0 text-emerald-400" />
      {item.text}
    </div>
  );
}

/**
 * The confirmation a save left in the address: shown once, and taken out of the address at once
 * (without a server round trip), so a reload, Back or a copied link does not show it again. Only
 * the confirmations of FLASH_MESSAGES are shown: a crafted link cannot put other words on the page.
 */
function Flash({ toast }: { toast: (text: string) => void }) {
  const key = useSearchParams().get(FLASH_PARAM);
  const t = useTranslations('messages');
  // Until the address no longer has it, a re-render must not show the same flash again.
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!key) {
      shown.current = null;
      return;
    }
    if (shown.current === key) return;
    shown.current = key;
    const url = new URL(window.location.href);
    url.searchParams.delete(FLASH_PARAM);
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    if (isFlashMessage(key)) toast(t(key));
  }, [key, t, toast]);
  return null;
}
