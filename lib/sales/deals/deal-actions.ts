'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { BulkReassignDealsSchema, CreateDealSchema, DealActivitySchema, UpdateDealSchema } from './deal-schemas';
import { bulkReassignDeals, createDeal, logDealActivity, updateDeal } from './deal-write';

export const createDealAction = defineFormAction(
  { permission: 'deals:write', schema: CreateDealSchema },
  async (viewer, input) => {
    const result = await createDeal(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/pipeline');
    revalidatePath(`/customers/${input.customerId}`);
    return succeed(result, 'dealCreated');
  },
);

export const updateDealAction = defineFormAction(
  { permission: 'deals:write', schema: UpdateDealSchema },
  async (viewer, input) => {
    const result = await updateDeal(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/deals/${input.id}`);
    return succeed(result, 'saved', { data: { version: result.version } });
  },
);

export const bulkReassignDealsAction = defineAction(
  { permission: 'deals:reassign', schema: BulkReassignDealsSchema },
  async (viewer, input) => {
    const result = await bulkReassignDeals(viewer, input.ids, input.ownerId);
    if (!result.ok) return result;
    revalidatePath('/deals');
    return { ok: true, message: 'bulkChanged', data: { count: result.changed } };
  },
);

export const logDealActivityAction = defineFormAction(
  { permission: 'activities:write', schema: DealActivitySchema },
  async (viewer, input) => {
    const result = await logDealActivity(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/deals/${input.dealId}`);
    revalidatePath(`/customers/${result.customerId}`);
    return succeed(result, input.type === 'task' ? 'taskCreated' : 'activityLogged');
  },
);
