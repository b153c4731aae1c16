'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/define-action';
import { cancelOrderImport, completeUpload, createOrderImport, getOrderImport, retryOrderImport } from './imports';
import { type OrderImportProgress, toProgress } from './progress';
import { ImportIdSchema, UploadFileSchema } from './schemas';

// The browser creates an import with its mapping, uploads the file in parts to
// /orders/import/<id>/upload (a route handler: parts are raw bytes), then completes it; the server
// runs it as a job. The progress page polls orderImportProgressAction.

export const createOrderImportAction = defineAction(
  { permission: 'orders:import', schema: UploadFileSchema },
  async (viewer, input) => {
    const result = await createOrderImport(viewer, input);
    if (!result.ok) return result;
    return { ok: true, id: result.id };
  },
);

export const completeUploadAction = defineAction(
  { permission: 'orders:import', schema: ImportIdSchema },
  async (viewer, { id }) => {
    const result = await completeUpload(viewer, id);
    if (!result.ok) return result;
    revalidatePath('/orders/import');
    return { ok: true };
  },
);

export const cancelOrderImportAction = defineAction(
  { permission: 'orders:import', schema: ImportIdSchema },
  async (viewer, { id }) => {
    const result = await cancelOrderImport(viewer, id);
    if (!result.ok) return result;
    revalidatePath('/orders/import');
    return { ok: true };
  },
);

export const retryOrderImportAction = defineAction(
  { permission: 'orders:import', schema: ImportIdSchema },
  async (viewer, { id }) => {
    const result = await retryOrderImport(viewer, id);
    if (!result.ok) return result;
    revalidatePath('/orders/import');
    return { ok: true };
  },
);

export const orderImportProgressAction = defineAction<typeof ImportIdSchema, OrderImportProgress>(
  { permission: 'orders:import', schema: ImportIdSchema },
  async (viewer, { id }) => {
    const found = await getOrderImport(viewer, id);
    if (!found) return { ok: false, reason: 'notFound' };
    return { ok: true, data: toProgress(found) };
  },
);
