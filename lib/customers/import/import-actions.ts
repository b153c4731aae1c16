'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/define-action';
import { type ChunkResult, importCustomerChunk } from './customers-import';
import { CustomerChunkSchema } from './schemas';

// Customers only: order history has its own import (lib/sales/order-import, /orders/import).
// The browser sends a file in chunks of ≤ 500 rows already keyed by field; each call re-checks the
// session and permission, validates every row, and writes the chunk's valid rows in one transaction.
// Bad characters are refused by the row schemas, so one bad cell rejects its row, not the chunk.

export const importCustomersAction = defineAction<typeof CustomerChunkSchema, ChunkResult>(
  { permission: 'customers:import', schema: CustomerChunkSchema, characters: 'schema' },
  async (viewer, input) => {
    const result = await importCustomerChunk(viewer, input.rows);
    if (!result.ok) return result;
    if (result.chunk.created + result.chunk.updated > 0) revalidatePath('/customers');
    return { ok: true, data: result.chunk };
  },
);
