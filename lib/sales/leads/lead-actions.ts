'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { convertLead } from './convert';
import { updateLeadSettings } from './lead-settings';
import { bulkAssignLeads, createLead, setLeadStatus, updateLead } from './leads';
import {
  BulkAssignLeadsSchema,
  ConvertLeadSchema,
  LeadSchema,
  LeadSettingsSchema,
  LeadStatusSchema,
  ScoreRuleSchema,
  UpdateLeadSchema,
  UpdateScoreRuleSchema,
} from './schemas';
import { createScoreRule, deleteScoreRule, updateScoreRule } from './score-rules';

export const createLeadAction = defineFormAction(
  { permission: 'leads:write', schema: LeadSchema },
  async (viewer, input) => {
    const result = await createLead(viewer, input);
    if (result.ok) revalidatePath('/leads');
    return succeed(result, 'leadCreated');
  },
);

export const updateLeadAction = defineFormAction(
  { permission: 'leads:write', schema: UpdateLeadSchema },
  async (viewer, input) => {
    const result = await updateLead(viewer, input);
    if (result.ok) revalidatePath(`/leads/${input.id}`);
    return succeed(result, 'saved');
  },
);

export const setLeadStatusAction = defineFormAction(
  { permission: 'leads:write', schema: LeadStatusSchema },
  async (viewer, input) => {
    const result = await setLeadStatus(viewer, input);
    if (result.ok) revalidatePath(`/leads/${input.id}`);
    return succeed(result, 'leadStatusChanged');
  },
);

export const convertLeadAction = defineFormAction(
  { permission: 'leads:write', schema: ConvertLeadSchema, checkboxes: ['createDeal'] },
  async (viewer, input) => {
    const result = await convertLead(viewer, input);
    if (!result.ok) return result;
    // No revalidatePath: it would re-render the lead page without its convert form before the
    // form's feedback hook sends the user on to the customer (the pages are dynamic, read fresh).
    return { ok: true, message: 'leadConvertedDone', id: result.id, data: { customerId: result.customerId } };
  },
);

export const bulkAssignLeadsAction = defineAction(
  { permission: 'leads:assign', schema: BulkAssignLeadsSchema },
  async (viewer, input) => {
    const result = await bulkAssignLeads(viewer, input.ids, input.ownerId);
    if (!result.ok) return result;
    revalidatePath('/leads');
    return { ok: true, message: 'bulkChanged', data: { count: result.changed } };
  },
);

export const updateLeadSettingsAction = defineFormAction(
  { permission: 'settings:write', schema: LeadSettingsSchema },
  async (viewer, input) => {
    const result = await updateLeadSettings(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/admin/settings');
    return { ok: true, message: 'saved' };
  },
);

export const createScoreRuleAction = defineFormAction(
  { permission: 'settings:write', schema: ScoreRuleSchema, checkboxes: ['active'] },
  async (viewer, input) => {
    const result = await createScoreRule(viewer, input);
    if (result.ok) revalidatePath('/admin/lead-scoring');
    return succeed(result, 'scoreRulesChanged');
  },
);

export const updateScoreRuleAction = defineFormAction(
  { permission: 'settings:write', schema: UpdateScoreRuleSchema, checkboxes: ['active'] },
  async (viewer, input) => {
    const result = await updateScoreRule(viewer, input);
    if (result.ok) revalidatePath('/admin/lead-scoring');
    return succeed(result, 'scoreRulesChanged');
  },
);

export const deleteScoreRuleAction = defineAction(
  { permission: 'settings:write', schema: z.uuid() },
  async (viewer, id) => {
    const result = await deleteScoreRule(viewer, id);
    if (result.ok) revalidatePath('/admin/lead-scoring');
    return succeed(result, 'scoreRulesChanged');
  },
);
