'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { CornerDownLeft, Loader2, Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { normalizeText } from '@/lib/search/query';
import { buildOptions, moveActive, type PaletteOption, searchPageHref } from './options';
import { formatSubtitle } from './subtitle';
import { useSearch } from './use-search';

/**
 * The global search palette: a header button and Ctrl+K / ⌘K open it. Radix Dialog gives the
 * modal semantics, focus trap, Escape and focus return; inside, the input is a combobox that owns
 * a listbox (aria-activedescendant), so focus stays in the input while the arrow keys move.
 */
export function CommandPalette() {
  const t = useTranslations('search');
  const [open, setOpen] = useState(false);
  const [shortcut, setShortcut] = useState('Ctrl K');

  useEffect(() => {
    // After mount only: the server cannot know the platform, and the label must not mismatch.
    if (/Mac|iPhone|iPad/.test(navigator.platform)) setShortcut('⌘K');
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        setOpen((value) => !value);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-label={t('openLabel')}
        aria-keyshortcuts="Control+K Meta+K"
        className="flex h-9 items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 text-sm text-slate-500 hover:bg-slate-100 sm:w-64"
      >
        <Search aria-hidden className="h-4 w-4" />
        <span className="hidden flex-1 text-left sm:inline">{t('open')}</span>
        <kbd
          aria-hidden
          className="hidden rounded border border-slate-200 bg-white px-1.5 font-sans text-xs text-slate-500 sm:inline"
        >
          {shortcut}
        </kbd>
      </button>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        {/* Radix renders role="dialog" but not aria-modal; screen readers use it to ignore the page behind. */}
        <Dialog.Content
          aria-modal="true"
          className="fixed top-[12vh] left-1/2 z-50 w-[min(40rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-2xl"
        >
          <Dialog.Title className="sr-only">{t('dialogTitle')}</Dialog.Title>
          <Dialog.Description className="sr-only">{t('dialogDescription')}</Dialog.Description>
          {open ? <PaletteBody onNavigate={() => setOpen(false)} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Mounted only while open, so each opening starts with an empty query. */
function PaletteBody({ onNavigate }: { onNavigate: () => void }) {
  const t = useTranslations('search');
  const format = useFormatter();
  const router = useRouter();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const { status, results } = useSearch(query);

  const trimmed = query.trim();
  const { groups, flat, seeAll } = useMemo(
    () => buildOptions(results?.groups ?? [], status === 'short' || status === 'idle' ? '' : trimmed),
    [results, status, trimmed],
  );
  const hitCount = flat.length - (seeAll ? 1 : 0);
  const optionId = (index: number) => `${id}-option-${index}`;

  // New results: the first one is active, so Enter opens the best match.
  useEffect(() => setActive(results && flat.length > 0 ? 0 : -1), [results, flat.length]);
  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  const go = useCallback(
    (option: PaletteOption | undefined) => {
      if (!option) return;
      onNavigate();
      router.push(option.href);
    },
    [onNavigate, router],
  );

  const money = (amount: string, currency: string) => format.number(Number(amount), { style: 'currency', currency });
  const subtitle = (parts: Parameters<typeof formatSubtitle>[0]) => formatSubtitle(parts, (key) => t(key), money);

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((current) => moveActive(current, event.key === 'ArrowDown' ? 1 : -1, flat.length));
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      // isComposing: Enter that confirms a Chinese IME candidate must not open a result.
      event.preventDefault();
      // Results still showing for an older query (typed ahead of the debounce): search the new one.
      const stale = results !== null && results.query !== normalizeText(query);
      if (active >= 0 && !stale) go(flat[active]);
      else if (trimmed && status !== 'short')
        go({ type: 'all', key: 'all', href: searchPageHref(trimmed), query: trimmed });
    }
  };

  const announcement =
    status === 'loading'
      ? t('searching')
      : status === 'short'
        ? t('tooShort')
        : status === 'error'
          ? t('error')
          : status === 'done'
            ? t('count', { count: hitCount })
            : '';

  return (
    <div>
      <div className="flex items-center gap-2 border-b border-slate-200 px-4">
        {status === 'loading' ? (
          <Loader2 aria-hidden className="h-5 w-5 animate-spin text-slate-400" />
        ) : (
          <Search aria-hidden className="h-5 w-5 text-slate-400" />
        )}
        <input
          // biome-ignore lint/a11y/noAutofocus: the palette is a modal search box; typing starts at once
          autoFocus
          role="combobox"
          aria-label={t('inputLabel')}
          aria-expanded={flat.length > 0}
          aria-controls={`${id}-listbox`}
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          aria-autocomplete="list"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('placeholder')}
          className="h-12 flex-1 bg-transparent text-base text-slate-900 outline-none placeholder:text-slate-400"
        />
      </div>
      <div role="status" aria-live="polite" className="sr-only">
        {announcement}
      </div>
      <div
        id={`${id}-listbox`}
        role="listbox"
        aria-label={t('resultsLabel')}
        aria-busy={status === 'loading'}
        className={cn('max-h-[60vh] overflow-y-auto', flat.length > 0 && 'py-2')}
      >
        {groups.map((group) => (
          <div key={group.kind} role="group" aria-labelledby={`${id}-group-${group.kind}`}>
            <div
              id={`${id}-group-${group.kind}`}
              role="presentation"
              className="px-4 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase"
            >
              {t(`groups.${group.kind}`)}
            </div>
            {group.options.map(({ option, index }) =>
              option.type === 'hit' ? (
                <Option
                  key={option.key}
                  id={optionId(index)}
                  active={index === active}
                  onPointerMove={() => setActive(index)}
                  onClick={() => go(option)}
                >
                  <span className="block truncate text-sm font-medium text-slate-900">{option.hit.title}</span>
                  <span className="block truncate text-xs text-slate-500">{subtitle(option.hit.subtitle)}</span>
                </Option>
              ) : null,
            )}
          </div>
        ))}
        {seeAll ? (
          <Option
            id={optionId(flat.length - 1)}
            active={active === flat.length - 1}
            onPointerMove={() => setActive(flat.length - 1)}
            onClick={() => go(seeAll)}
          >
            <span className="flex items-center gap-2 text-sm text-brand-700">
              <Search aria-hidden className="h-4 w-4" />
              {t('seeAll', { query: trimmed })}
            </span>
          </Option>
        ) : null}
      </div>
      {status === 'done' && hitCount === 0 ? (
        <div className="px-4 pt-2 pb-4 text-center">
          <p className="text-sm font-medium text-slate-700">{t('noResults', { query: trimmed })}</p>
          <p className="mt-1 text-sm text-slate-500">{t('noResultsHint')}</p>
        </div>
      ) : null}
      {status === 'short' ? <p className="px-4 py-3 text-sm text-slate-500">{t('tooShort')}</p> : null}
      {status === 'error' ? <p className="px-4 py-3 text-sm text-red-700">{t('error')}</p> : null}
      <div
        aria-hidden
        className="flex items-center gap-2 border-t border-slate-100 bg-slate-50 px-4 py-2 text-xs text-slate-500"
      >
        <CornerDownLeft className="h-3.5 w-3.5" />
        {t('keys')}
      </div>
    </div>
  );
}

function Option({
  id,
  active,
  children,
  onClick,
  onPointerMove,
}: {
  id: string;
  active: boolean;
  children: React.ReactNode;
  onClick: () => void;
  onPointerMove: () => void;
}) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox input, which keeps focus
    <div
      id={id}
      role="option"
      aria-selected={active}
      tabIndex={-1}
      // Keep focus in the input: a mousedown on the option would otherwise blur it.
      onMouseDown={(event) => event.preventDefault()}
      onPointerMove={onPointerMove}
      onClick={onClick}
      className={cn('mx-2 cursor-pointer rounded-md px-3 py-2', active && 'bg-brand-50')}
    >
      {children}
    </div>
  );
}
