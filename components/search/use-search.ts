'use client';

import { useEffect, useRef, useState } from 'react';
import { MIN_QUERY_CHARS, normalizeText } from '@/lib/search/query';
import { searchAction } from '@/lib/search/search-actions';
import type { SearchResults } from '@/lib/search/types';

export type SearchStatus = 'idle' | 'short' | 'loading' | 'done' | 'error';

const DEBOUNCE_MS = 200;

/**
 * Debounced palette search. Each keystroke restarts the timer; a response that arrives after a
 * newer request was sent is dropped, so results never flash back to an older query. While a new
 * query loads, the previous results stay on screen (marked busy) instead of blinking empty.
 */
export function useSearch(query: string): { status: SearchStatus; results: SearchResults | null } {
  const [status, setStatus] = useState<SearchStatus>('idle');
  const [results, setResults] = useState<SearchResults | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const text = normalizeText(query);
    const request = ++latest.current;
    if (text === '') {
      setStatus('idle');
      setResults(null);
      return;
    }
    if (Array.from(text).length < MIN_QUERY_CHARS) {
      setStatus('short');
      setResults(null);
      return;
    }
    setStatus('loading');
    const timer = setTimeout(async () => {
      try {
        const response = await searchAction({ q: text });
        if (request !== latest.current) return;
        if (response.ok && response.data) {
          setResults(response.data);
          setStatus('done');
        } else setStatus('error');
      } catch {
        if (request === latest.current) setStatus('error');
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  return { status, results };
}
