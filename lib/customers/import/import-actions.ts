'use server';

import { revalidatePath } from 'next/cache';
import type { ActionState } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { type ChunkResult, importCustomerChunk } from './customers-import';
import { importOrderChunk } from './orders-import';
import { CustomerChunkSchema, OrderChunkSchema } from './schemas';

/** A chunk's outcome: counts and rejected rows, or a message key ("import.errors"). */
export type ImportChunkState = ActionState & { result?: ChunkResult };

// The browser sends a file in chunks of ≤ 500 rows already keyed by field; each call re-checks the
// session and permission, validates every row, and writes the chunk's valid rows in one transaction.

export async function importCustomersAction(input: unknown): Promise<ImportChunkState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'customers:import')) return { ok: false, message: 'forbidden' };
  const parsed = CustomerChunkSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'badChunk' };
  const result = await importCustomerChunk(viewer, parsed.data.rows);
  if (result === 'forbidden') return { ok: false, message: 'forbidden' };
  if (result.created + result.updated > 0) revalidatePath('/customers');
  return { ok: true, result };
}

export async function importOrdersAction(input: unknown): Promise<ImportChunkState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'customers:import')) return { ok: false, message: 'forbidden' };
  const parsed = OrderChunkSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'badChunk' };
  const result = await importOrderChunk(viewer, parsed.data.rows);
  if (result === 'forbidden') return { ok: false, message: 'forbidden' };
  if (result.created + result.updated > 0) revalidatePath('/customers');
  return { ok: true, result };
}
