'use client';

import { Link2, Search } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { createContext, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Input } from '@/components/ui/input';
import type { ReplyArticle } from '@/lib/service/kb';
import { searchReplyArticlesAction } from '@/lib/service/kb-actions';

// Knowledge-base links in a reply: the reply form registers where text goes (its textarea, at the
// cursor); the article search inside the form and the suggestions card beside it insert
// "Title: public URL" there. The URL is the public help centre's (/help/<slug>): the customer has
// no login for /kb.

type Inserter = (text: string) => void;
const InsertContext = createContext<{ register: (fn: Inserter | null) => void; insert: Inserter } | null>(null);

/** Around the case page's reply form and suggestions card. */
export function ReplyInsertProvider({ children }: { children: React.ReactNode }) {
  const target = useRef<Inserter | null>(null);
  const value = useMemo(
    () => ({
      register: (fn: Inserter | null) => {
        target.current = fn;
      },
      insert: (text: string) => target.current?.(text),
    }),
    [],
  );
  return <InsertContext.Provider value={value}>{children}</InsertContext.Provider>;
}

/** The reply form hands its "insert at the cursor" here while it is mounted. */
export function useRegisterReplyInsert(fn: Inserter) {
  const ctx = useContext(InsertContext);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    ctx?.register((text) => latest.current(text));
    return () => ctx?.register(null);
  }, [ctx]);
}

/** The text a link inserts: what a plain-text email shows well. */
export function articleLinkText(a: { title: string; publicUrl: string }): string {
  return `${a.title}: ${a.publicUrl}`;
}

/** A suggested article's "insert its link into the reply" button. */
export function InsertLinkButton({ title, publicUrl }: { title: string; publicUrl: string }) {
  const t = useTranslations('cases.reply');
  const ctx = useContext(InsertContext);
  if (!ctx) return null;
  return (
    <button
      type="button"
      onClick={() => ctx.insert(articleLinkText({ title, publicUrl }))}
      aria-label={t('insertLinkTo', { title })}
      className="inline-flex min-h-8 shrink-0 items-center gap-1 rounded-md border border-slate-300 px-2 text-xs text-slate-700 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
    >
      <Link2 aria-hidden className="size-3.5" />
      {t('insertLink')}
    </button>
  );
}

type Status = 'idle' | 'loading' | 'done' | 'error';

/**
 * "Insert an article link": a disclosure with a search box (the knowledge base's full-text search
 * over published articles) and one button per result. Tab and Enter work it; Escape closes it.
 */
export function ArticleLinkPicker({ onInsert }: { onInsert: (a: ReplyArticle) => void }) {
  const t = useTranslations('cases.reply');
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<Status>('idle');
  const [results, setResults] = useState<ReplyArticle[]>([]);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    const request = ++latest.current;
    if (!q) {
      setStatus('idle');
      setResults([]);
      return;
    }
    setStatus('loading');
    const timer = setTimeout(async () => {
      try {
        const response = await searchReplyArticlesAction({ q });
        if (request !== latest.current) return;
        if (response.ok) {
          setResults(response.data ?? []);
          setStatus('done');
        } else setStatus('error');
      } catch {
        if (request === latest.current) setStatus('error');
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  return (
    <div>
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((v) => !v)}
        className="inline-flex min-h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
      >
        <Link2 aria-hidden className="size-4" />
        {t('articleLink')}
      </button>
      {open ? (
        <div id={`${id}-panel`} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <label htmlFor={`${id}-q`} className="block text-sm font-medium text-slate-800">
            {t('articleSearch')}
          </label>
          <div className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" />
            <Input
              id={`${id}-q`}
              type="search"
              value={query}
              autoFocus
              maxLength={200}
              autoComplete="off"
              aria-describedby={`${id}-status`}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                // Enter here must not send the reply; Escape closes the search.
                if (e.key === 'Enter') e.preventDefault();
                if (e.key === 'Escape') {
                  e.preventDefault();
                  close();
                }
              }}
              className="pl-8"
            />
          </div>
          <p id={`${id}-status`} role="status" className="text-xs text-slate-600">
            {status === 'idle'
              ? t('articleSearchHint')
              : status === 'loading'
                ? t('articleSearching')
                : status === 'error'
                  ? t('articleSearchError')
                  : t('articleResults', { count: results.length })}
          </p>
          {results.length ? (
            <ul className="space-y-1" aria-label={t('articleSearch')}>
              {results.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    onClick={() => {
                      onInsert(a);
                      setOpen(false);
                    }}
                    aria-label={t('insertLinkTo', { title: a.title })}
                    className="flex w-full flex-col items-start rounded-md px-2 py-1.5 text-left text-sm hover:bg-white focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
                  >
                    <span className="font-medium break-words text-brand-700">{a.title}</span>
                    <span className="text-xs break-all text-slate-600">{a.publicUrl}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
