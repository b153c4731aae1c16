import { z } from 'zod';
import { FORMULA } from '@/lib/customers/schemas';
import { versionField } from '@/lib/validation';

// The case forms' and actions' schemas (client-safe). Messages are "validation" catalog keys.

export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_CASE_STATUSES = ['new', 'open', 'pending'] as const satisfies readonly CaseStatus[];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
export const CASE_CHANNELS = ['phone', 'web', 'chat', 'email'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const CASE_ASSIGNMENT_MODES = ['manual', 'round_robin', 'least_loaded'] as const;
export type CaseAssignmentMode = (typeof CASE_ASSIGNMENT_MODES)[number];

/**
 * The status workflow: new → open → pending → resolved → closed, and reopen (resolved or closed →
 * open). Any other move is refused (`invalid`).
 */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalId = (message: string) =>
  z.preprocess(blankToNull, z.uuid(message).nullable().optional()).transform((v) => v ?? null);

const subjectField = z
  .string()
  .trim()
  .min(1, 'required')
  .max(200, 'tooLong')
  .refine((v) => !FORMULA.test(v), 'formula');

export const CreateCaseSchema = z.object({
  customerId: z.uuid('customer'),
  contactId: optionalId('contact'),
  subject: subjectField,
  description: z
    .preprocess(blankToNull, z.string().trim().max(10_000, 'tooLong').nullable().optional())
    .transform((v) => v ?? null),
  priority: z.enum(CASE_PRIORITIES, 'priority'),
  channel: z.enum(CASE_CHANNELS, 'channel'),
  /** Blank: the assignment rule decides (or nobody, when it is manual). Agents may name only themselves. */
  assigneeId: optionalId('assignee'),
});
export type CreateCaseInput = z.infer<typeof CreateCaseSchema>;

export const CaseCommentSchema = z.object({
  caseId: z.uuid(),
  body: z.string().trim().min(1, 'required').max(20_000, 'tooLong'),
  /** 'reply' (the customer sees it) or 'note' (staff only). */
  kind: z.enum(['reply', 'note'], 'commentKind'),
});
export type CaseCommentInput = z.infer<typeof CaseCommentSchema>;

const caseRef = { id: z.uuid(), version: versionField };

export const CaseStatusSchema = z.object({ ...caseRef, status: z.enum(CASE_STATUSES, 'status') });
export type CaseStatusInput = z.infer<typeof CaseStatusSchema>;

export const CasePrioritySchema = z.object({ ...caseRef, priority: z.enum(CASE_PRIORITIES, 'priority') });
export type CasePriorityInput = z.infer<typeof CasePrioritySchema>;

/** Blank assignee: back to the unassigned queue. */
export const CaseAssigneeSchema = z.object({ ...caseRef, assigneeId: optionalId('assignee') });
export type CaseAssigneeInput = z.infer<typeof CaseAssigneeSchema>;

const ids = z.array(z.uuid()).min(1, 'selectRows').max(500, 'tooMany');

export const BulkAssignCasesSchema = z.object({ ids, assigneeId: optionalId('assignee') });
export type BulkAssignCasesInput = z.infer<typeof BulkAssignCasesSchema>;

export const BulkCaseStatusSchema = z.object({ ids, status: z.enum(CASE_STATUSES, 'status') });
export type BulkCaseStatusInput = z.infer<typeof BulkCaseStatusSchema>;

export const ReassignAgentCasesSchema = z.object({ agentId: z.uuid('assignee') });

export const CaseSettingsSchema = z.object({
  version: versionField,
  caseAssignment: z.enum(CASE_ASSIGNMENT_MODES, 'caseAssignment'),
  caseAssignmentByLanguage: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
});
export type CaseSettingsInput = z.infer<typeof CaseSettingsSchema>;
