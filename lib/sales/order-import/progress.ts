import type { OrderImportCounts } from '@/db/schema/order-imports';

/**
 * What the progress page shows of an import, as plain JSON for a client component, with the
 * derived numbers (share done, time left) computed once here. Client-safe.
 */
export type OrderImportProgress = {
  id: string;
  fileName: string;
  fileSize: number;
  bytesReceived: number;
  status: 'uploading' | 'queued' | 'running' | 'cancelling' | 'cancelled' | 'done' | 'failed';
  /** 0–1: of the upload while uploading, else of the file read. */
  share: number;
  counts: OrderImportCounts;
  rowsPerSecond: number | null;
  /** Seconds, from the recent speed; null when unknown or finished. */
  secondsLeft: number | null;
  error: string | null;
  mine: boolean;
  guestOrders: boolean;
  createCustomers: boolean;
  createdByName: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export const UNFINISHED = ['uploading', 'queued', 'running', 'cancelling'] as const;

export function isUnfinished(status: OrderImportProgress['status']): boolean {
  return (UNFINISHED as readonly string[]).includes(status);
}

export function toProgress(v: {
  id: string;
  fileName: string;
  fileSize: number;
  bytesReceived: number;
  status: OrderImportProgress['status'];
  byteOffset: number;
  counts: OrderImportCounts;
  rowsPerSecond: number | null;
  bytesPerSecond: number | null;
  error: string | null;
  mine: boolean;
  guestOrders: boolean;
  createCustomers: boolean;
  createdByName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): OrderImportProgress {
  const size = Math.max(v.fileSize, 1);
  const share =
    v.status === 'uploading' ? v.bytesReceived / size : v.status === 'done' ? 1 : Math.min(v.byteOffset / size, 1);
  const running = v.status === 'running' && v.bytesPerSecond && v.bytesPerSecond > 0;
  return {
    id: v.id,
    fileName: v.fileName,
    fileSize: v.fileSize,
    bytesReceived: v.bytesReceived,
    status: v.status,
    share,
    counts: v.counts,
    rowsPerSecond: v.status === 'running' ? v.rowsPerSecond : null,
    secondsLeft: running ? Math.ceil((v.fileSize - v.byteOffset) / v.bytesPerSecond!) : null,
    error: v.error,
    mine: v.mine,
    guestOrders: v.guestOrders,
    createCustomers: v.createCustomers,
    createdByName: v.createdByName,
    createdAt: v.createdAt.toISOString(),
    finishedAt: v.finishedAt?.toISOString() ?? null,
  };
}
