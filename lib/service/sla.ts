import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { businessCalendars, cases, slaPolicies } from '@/db/schema';
import { ALWAYS_OPEN, addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-hours';

// SLA due times of a case, stored on the case so that queues sort and filter by them in SQL.
// Every write that creates a case or changes what its SLA depends on (priority, status) calls
// refreshCaseSla in the same transaction.
//
// The targets count in the policy's business calendar (none = around the clock) from the case's
// creation. The clock stops while the case is pending (waiting on the customer) and while it is
// resolved or closed: entering such a status records sla_paused_at; leaving it adds the business
// minutes stopped to sla_paused_minutes, which push the due times. The first-response due time moves
// only by the part of the pauses before the first response (first_response_paused_minutes). Due times
// are a function of (creation, active policy for the priority, paused minutes), so a priority change
// recomputes them from creation; resolved and closed cases keep the values they had.

const STOPPED = new Set(['pending', 'resolved', 'closed']);
const DONE = new Set(['resolved', 'closed']);

/** A policy's calendar row as the arithmetic wants it (null = around the clock). */
export function toBusinessCalendar(
  row: { timeZone: string; periods: BusinessCalendar['periods']; holidays: string[] } | null,
): BusinessCalendar {
  return row ? { timeZone: row.timeZone, periods: row.periods, holidays: row.holidays } : ALWAYS_OPEN;
}

/**
 * Recomputes and stores the case's SLA policy (the active one for its priority), its pause state and
 * its first-response and resolution due times. A case that has no active policy for its priority has
 * no due times. `now` (tests, jobs) defaults to the current time.
 */
export async function refreshCaseSla(tx: Tx, caseId: string, options: { now?: Date } = {}): Promise<void> {
  await refreshCasesSla(tx, [caseId], options);
}

/** refreshCaseSla for many cases: one read, one write (bulk status changes, policy or calendar edits). */
export async function refreshCasesSla(tx: Tx, caseIds: string[], options: { now?: Date } = {}): Promise<void> {
  if (caseIds.length === 0) return;
  const now = options.now ?? new Date();
  const rows = await tx
    .select({
      id: cases.id,
      createdAt: cases.createdAt,
      status: cases.status,
      firstRespondedAt: cases.firstRespondedAt,
      firstResponseDueAt: cases.firstResponseDueAt,
      resolutionDueAt: cases.resolutionDueAt,
      pausedAt: cases.slaPausedAt,
      pausedMinutes: cases.slaPausedMinutes,
      firstResponsePausedMinutes: cases.firstResponsePausedMinutes,
      firstResponseBreachedAt: cases.firstResponseBreachedAt,
      resolutionBreachedAt: cases.resolutionBreachedAt,
      policyId: slaPolicies.id,
      firstResponseMinutes: slaPolicies.firstResponseMinutes,
      resolutionMinutes: slaPolicies.resolutionMinutes,
      calendarId: businessCalendars.id,
      timeZone: businessCalendars.timeZone,
      periods: businessCalendars.periods,
      holidays: businessCalendars.holidays,
    })
    .from(cases)
    .leftJoin(slaPolicies, and(eq(slaPolicies.priority, cases.priority), eq(slaPolicies.active, true)))
    .leftJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
    .where(inArray(cases.id, caseIds));
  if (rows.length === 0) return;
  // One compiled calendar per calendar row, not per case.
  const calendars = new Map<string, BusinessCalendar>();
  const updates = rows.map((r) => {
    let cal = ALWAYS_OPEN;
    if (r.calendarId) {
      cal =
        calendars.get(r.calendarId) ??
        toBusinessCalendar({ timeZone: r.timeZone!, periods: r.periods!, holidays: r.holidays! });
      calendars.set(r.calendarId, cal);
    }
    let pausedAt = r.pausedAt;
    let paused = r.pausedMinutes;
    let frPaused = r.firstResponsePausedMinutes;
    const stopped = STOPPED.has(r.status);
    if (!stopped && pausedAt) {
      // Resumed: the business minutes stopped push the due times.
      paused += Math.round(businessMinutesBetween(cal, pausedAt, now));
      const frEnd = r.firstRespondedAt && r.firstRespondedAt < now ? r.firstRespondedAt : now;
      frPaused += Math.round(businessMinutesBetween(cal, pausedAt, frEnd));
      pausedAt = null;
    } else if (stopped && !pausedAt) {
      pausedAt = now;
    }
    let firstDue = r.firstResponseDueAt;
    let resolutionDue = r.resolutionDueAt;
    const keep = DONE.has(r.status); // resolved and closed cases keep their policy and due times
    if (keep) {
      // the stored values stand
    } else if (r.policyId) {
      firstDue = addBusinessMinutes(cal, r.createdAt, r.firstResponseMinutes! + frPaused);
      resolutionDue = addBusinessMinutes(cal, r.createdAt, r.resolutionMinutes! + paused);
    } else {
      firstDue = null;
      resolutionDue = null;
    }
    // A breach stands only while its due time is before it (a later due time after a priority change does not).
    const stands = (breachedAt: Date | null, due: Date | null) =>
      breachedAt && due && due <= breachedAt ? breachedAt : null;
    return {
      id: r.id,
      policyId: r.policyId,
      firstDue,
      resolutionDue,
      pausedAt,
      paused,
      frPaused,
      frBreached: keep ? r.firstResponseBreachedAt : stands(r.firstResponseBreachedAt, firstDue),
      resBreached: keep ? r.resolutionBreachedAt : stands(r.resolutionBreachedAt, resolutionDue),
      keepPolicy: keep,
    };
  });
  const payload = JSON.stringify(
    updates.map((u) => ({
      id: u.id,
      keep_policy: u.keepPolicy,
      policy_id: u.keepPolicy ? null : u.policyId,
      first_due: u.firstDue?.toISOString() ?? null,
      resolution_due: u.resolutionDue?.toISOString() ?? null,
      paused_at: u.pausedAt?.toISOString() ?? null,
      paused: u.paused,
      fr_paused: u.frPaused,
      fr_breached: u.frBreached?.toISOString() ?? null,
      res_breached: u.resBreached?.toISOString() ?? null,
    })),
  );
  const col = (c: { name: string }) => sql.identifier(c.name);
  await tx.execute(sql`
    update ${cases} set
      ${col(cases.slaPolicyId)} = case when x.keep_policy then ${cases.slaPolicyId} else x.policy_id end,
      ${col(cases.firstResponseDueAt)} = x.first_due,
      ${col(cases.resolutionDueAt)} = x.resolution_due,
      ${col(cases.slaPausedAt)} = x.paused_at,
      ${col(cases.slaPausedMinutes)} = x.paused,
      ${col(cases.firstResponsePausedMinutes)} = x.fr_paused,
      ${col(cases.firstResponseBreachedAt)} = x.fr_breached,
      ${col(cases.resolutionBreachedAt)} = x.res_breached
    from jsonb_to_recordset(${payload}::jsonb) as x(
      id uuid, keep_policy boolean, policy_id uuid, first_due timestamptz, resolution_due timestamptz,
      paused_at timestamptz, paused integer, fr_paused integer, fr_breached timestamptz, res_breached timestamptz)
    where ${cases.id} = x.id`);
}

/** Recomputes the open cases (new, open, pending) of the given policies, e.g. after a policy or calendar edit. */
export async function refreshOpenCasesSla(tx: Tx, policyIds: string[], options: { now?: Date } = {}): Promise<number> {
  if (policyIds.length === 0) return 0;
  const open = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.slaPolicyId, policyIds), inArray(cases.status, ['new', 'open', 'pending'])));
  for (let i = 0; i < open.length; i += 2000) {
    await refreshCasesSla(
      tx,
      open.slice(i, i + 2000).map((r) => r.id),
      options,
    );
  }
  return open.length;
}
