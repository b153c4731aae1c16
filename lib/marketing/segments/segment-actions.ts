'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, succeed } from '@/lib/define-action';
import { PreviewSegmentSchema, SegmentInputSchema, SegmentVersionSchema, UpdateSegmentSchema } from './schemas';
import {
  createSegment,
  deleteSegment,
  freezeSegment,
  previewSegment,
  type SegmentPreview,
  updateSegment,
} from './segments';

// The rule builder sends its tree as JSON (one argument), so these are defineAction, not form actions.

/** Live count and sample while editing (read-only: managers may preview too). */
export const previewSegmentAction = defineAction(
  { permission: 'marketing:read', schema: PreviewSegmentSchema },
  async (viewer, input) => {
    const preview = await previewSegment(viewer, input.rule);
    if (!preview) return { ok: false, reason: 'forbidden' };
    return { ok: true, data: preview satisfies SegmentPreview };
  },
);

export const createSegmentAction = defineAction(
  { permission: 'marketing:write', schema: SegmentInputSchema },
  async (viewer, input) => {
    const result = await createSegment(viewer, input);
    if (result.ok) revalidatePath('/segments');
    return succeed(result, 'segmentSaved');
  },
);

export const updateSegmentAction = defineAction(
  { permission: 'marketing:write', schema: UpdateSegmentSchema },
  async (viewer, input) => {
    const result = await updateSegment(viewer, input);
    if (result.ok) revalidatePath('/segments');
    return succeed(result, 'segmentSaved');
  },
);

export const deleteSegmentAction = defineAction(
  { permission: 'marketing:write', schema: SegmentVersionSchema },
  async (viewer, input) => {
    const result = await deleteSegment(viewer, input);
    if (result.ok) revalidatePath('/segments');
    return succeed(result, 'segmentDeleted');
  },
);

export const freezeSegmentAction = defineAction(
  { permission: 'marketing:write', schema: SegmentVersionSchema },
  async (viewer, input) => {
    const result = await freezeSegment(viewer, input);
    if (result.ok) revalidatePath('/segments');
    return succeed(result, 'segmentFrozen', result.ok ? { data: { memberCount: result.memberCount } } : {});
  },
);
