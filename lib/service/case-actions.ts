'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { queueCaseReplyMail } from '@/lib/mail/outbound';
import { reassignAgentCases, updateCaseSettings } from './assignment';
import {
  BulkAssignCasesSchema,
  BulkCaseStatusSchema,
  CaseAssigneeSchema,
  CaseCommentSchema,
  CasePrioritySchema,
  CaseSettingsSchema,
  CaseStatusSchema,
  CreateCaseSchema,
  ReassignAgentCasesSchema,
} from './case-schemas';
import {
  addCaseComment,
  bulkAssignCases,
  bulkChangeCaseStatus,
  changeCaseAssignee,
  changeCasePriority,
  changeCaseStatus,
  createCase,
} from './case-write';

// Thin: the wrapper parses and authorizes; the data functions enforce who may change which case.

export const createCaseAction = defineFormAction(
  { permission: 'cases:write', schema: CreateCaseSchema },
  async (viewer, input) => {
    const result = await createCase(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/cases');
    revalidatePath(`/customers/${input.customerId}`);
    return succeed(result, 'caseCreated');
  },
);

export const addCaseCommentAction = defineFormAction(
  { permission: 'cases:write', schema: CaseCommentSchema },
  async (viewer, input) => {
    // A public reply goes to the customer by email: queued with the comment, so both land or neither.
    const result = await addCaseComment(viewer, input, {
      inTransaction: async (tx, comment) => {
        if (comment.isPublic) await queueCaseReplyMail(tx, { caseId: comment.caseId, commentId: comment.id });
      },
    });
    if (!result.ok) return result;
    revalidatePath(`/cases/${input.caseId}`);
    return succeed(result, result.isPublic ? 'caseReplied' : 'caseNoted');
  },
);

export const changeCaseStatusAction = defineFormAction(
  { permission: 'cases:write', schema: CaseStatusSchema },
  async (viewer, input) => {
    const result = await changeCaseStatus(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/cases/${input.id}`);
    revalidatePath('/cases');
    return succeed(result, 'saved', { data: { version: result.version } });
  },
);

export const changeCasePriorityAction = defineFormAction(
  { permission: 'cases:write', schema: CasePrioritySchema },
  async (viewer, input) => {
    const result = await changeCasePriority(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/cases/${input.id}`);
    return succeed(result, 'saved', { data: { version: result.version } });
  },
);

export const changeCaseAssigneeAction = defineFormAction(
  { permission: 'cases:write', schema: CaseAssigneeSchema },
  async (viewer, input) => {
    const result = await changeCaseAssignee(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/cases/${input.id}`);
    revalidatePath('/cases');
    return succeed(result, 'saved', { data: { version: result.version } });
  },
);

export const bulkAssignCasesAction = defineAction(
  { permission: 'cases:write', schema: BulkAssignCasesSchema },
  async (viewer, input) => {
    const result = await bulkAssignCases(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/cases');
    return { ok: true, message: 'bulkChanged', data: { count: result.changed } };
  },
);

export const bulkCaseStatusAction = defineAction(
  { permission: 'cases:reassign', schema: BulkCaseStatusSchema },
  async (viewer, input) => {
    const result = await bulkChangeCaseStatus(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/cases');
    return { ok: true, message: 'bulkChanged', data: { count: result.changed } };
  },
);

export const reassignAgentCasesAction = defineFormAction(
  { permission: 'cases:reassign', schema: ReassignAgentCasesSchema },
  async (viewer, input) => {
    const result = await reassignAgentCases(viewer, input.agentId);
    if (!result.ok) return result;
    revalidatePath('/cases');
    return { ok: true, message: 'casesReassigned', data: { count: result.changed } };
  },
);

export const updateCaseSettingsAction = defineFormAction(
  { permission: 'settings:write', schema: CaseSettingsSchema, checkboxes: ['caseAssignmentByLanguage'] },
  async (viewer, input) => {
    const result = await updateCaseSettings(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/admin/settings');
    return { ok: true, message: 'saved' };
  },
);
