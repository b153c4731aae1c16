'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { CreateStageSchema, MoveStageSchema, RemoveStageSchema, UpdateStageSchema } from './schemas';
import { createStage, moveStage, removeStage, updateStage } from './stages';

function refresh() {
  revalidatePath('/admin/stages');
  revalidatePath('/pipeline');
}

export const createStageAction = defineFormAction(
  { permission: 'stages:write', schema: CreateStageSchema },
  async (viewer, input) => {
    const result = await createStage(viewer, input);
    if (result.ok) refresh();
    return succeed(result, 'stageCreated');
  },
);

export const updateStageAction = defineFormAction(
  { permission: 'stages:write', schema: UpdateStageSchema, checkboxes: ['active'] },
  async (viewer, input) => {
    const result = await updateStage(viewer, input);
    if (result.ok) refresh();
    return succeed(result, 'saved');
  },
);

export const moveStageAction = defineAction(
  { permission: 'stages:write', schema: MoveStageSchema },
  async (viewer, input) => {
    const result = await moveStage(viewer, input);
    if (result.ok) refresh();
    return succeed(result, 'stageMoved');
  },
);

export const removeStageAction = defineFormAction(
  { permission: 'stages:write', schema: RemoveStageSchema },
  async (viewer, input) => {
    const result = await removeStage(viewer, input);
    if (!result.ok) return result;
    refresh();
    return {
      ok: true,
      message: result.outcome === 'deleted' ? 'stageDeleted' : 'stageDeactivated',
      data: { moved: result.moved },
    };
  },
);
