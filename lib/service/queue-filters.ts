import { z } from 'zod';
import type { Role } from '@/db/schema/enums';
import { optional, pageParam } from '@/lib/search-params';
import { CASE_CHANNELS, CASE_PRIORITIES, CASE_STATUSES } from './case-schemas';

// The case queue's view and filters as they arrive in the URL (client-safe). A value that cannot
// be used is dropped, never an error.

/**
 * mine: my open cases; unassigned: open cases nobody has; team: every assigned open case (the
 * schema has no teams, so "team" is all agents); breaching: cases whose SLA clock runs (new or
 * open; pending stops it) due within the hour or overdue; all: every case the viewer may read.
 */
export const QUEUE_VIEWS = ['mine', 'unassigned', 'team', 'breaching', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** The views a role has, first the default one. Reps read their customers' cases: one view. */
export function queueViewsFor(role: Role): QueueView[] {
  switch (role) {
    case 'admin':
    case 'manager':
      return ['team', 'mine', 'unassigned', 'breaching', 'all'];
    case 'service_agent':
      return ['mine', 'unassigned', 'breaching'];
    case 'sales_rep':
      return ['all'];
    default:
      return [];
  }
}

export const QUEUE_SORTS = ['due', 'created', 'priority', 'number'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_PAGE_SIZES = [25, 50, 100] as const;

export const QueueFilterSchema = z.object({
  view: optional(z.enum(QUEUE_VIEWS)),
  status: optional(z.enum(CASE_STATUSES)),
  priority: optional(z.enum(CASE_PRIORITIES)),
  channel: optional(z.enum(CASE_CHANNELS)),
  /** A customer id (from the customer page) or part of the customer's name. */
  customer: optional(z.string().trim().min(1).max(100)),
  /** 'me', 'none' or a user id; managers and admins only. */
  assignee: optional(z.union([z.enum(['me', 'none']), z.uuid()])),
  sort: z.enum(QUEUE_SORTS).catch('due'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: pageParam,
  size: z.coerce
    .number()
    .pipe(z.union(QUEUE_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(50),
});
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

/** The view a viewer gets: the asked one when their role has it, else their default. */
export function effectiveView(role: Role, asked: QueueView | undefined): QueueView | null {
  const views = queueViewsFor(role);
  if (asked && views.includes(asked)) return asked;
  return views[0] ?? null;
}
