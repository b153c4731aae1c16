'use client';

import { useCallback, useRef, useState } from 'react';
import type { ImportField } from '@/lib/customers/import/fields';
import { importCustomersAction } from '@/lib/customers/import/import-actions';
import { chunkRows, type ImportRow, toImportRows } from '@/lib/customers/import/read-file';
import type { RejectedRow } from '@/lib/customers/import/report';

export type ImportRunState = {
  status: 'idle' | 'running' | 'done' | 'stopped' | 'failed';
  done: number;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  /** Lines that asked to give consent to someone who unsubscribed: consent stayed off. */
  consentKept: number[];
  /** A key in "import.errors" when status is failed. */
  error?: string;
};

const idle: ImportRunState = {
  status: 'idle',
  done: 0,
  total: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  rejected: [],
  consentKept: [],
};

export type ImportRun = ImportRunState & {
  start: (records: string[][], mapping: (ImportField | null)[]) => Promise<void>;
  stop: () => void;
  reset: () => void;
};

/**
 * Sends the mapped rows to the server action chunk by chunk, one at a time (each chunk is its own
 * transaction; waiting keeps the order and lets the user stop between chunks), adding up counts.
 */
export function useImportRun(): ImportRun {
  const [state, setState] = useState<ImportRunState>(idle);
  const stopRequested = useRef(false);

  const start = useCallback(async (records: string[][], mapping: (ImportField | null)[]) => {
    const rows = toImportRows(records, mapping);
    const chunks = chunkRows<ImportRow>(rows);
    const action = importCustomersAction;
    stopRequested.current = false;
    let acc: ImportRunState = { ...idle, status: 'running', total: rows.length };
    setState(acc);
    for (const chunk of chunks) {
      if (stopRequested.current) {
        setState({ ...acc, status: 'stopped' });
        return;
      }
      let outcome: Awaited<ReturnType<typeof action>>;
      try {
        outcome = await action({ rows: chunk });
      } catch {
        setState({ ...acc, status: 'failed', error: 'failed' });
        return;
      }
      if (!outcome.ok || !outcome.data) {
        const error =
          outcome.reason === 'forbidden' ? 'forbidden' : outcome.reason === 'invalid' ? 'badChunk' : 'failed';
        setState({ ...acc, status: 'failed', error });
        return;
      }
      const r = outcome.data;
      acc = {
        ...acc,
        done: acc.done + chunk.length,
        created: acc.created + r.created,
        updated: acc.updated + r.updated,
        unchanged: acc.unchanged + r.unchanged,
        rejected: [...acc.rejected, ...r.rejected],
        consentKept: [...acc.consentKept, ...r.consentKept],
      };
      setState(acc);
    }
    setState({ ...acc, status: 'done' });
  }, []);

  const stop = useCallback(() => {
    stopRequested.current = true;
  }, []);
  const reset = useCallback(() => setState(idle), []);

  return { ...state, start, stop, reset };
}
