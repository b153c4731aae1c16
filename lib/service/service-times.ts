import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { businessCalendars, cases, slaPolicies } from '@/db/schema';
import { ALWAYS_OPEN, type BusinessCalendar, businessMinutesBetween } from './business-hours';
import { toBusinessCalendar } from './sla';

// First-response and resolution times in business minutes, stored on the case when they happen so
// that the service dashboard takes medians with percentile_cont over an index instead of running
// the calendar arithmetic over tens of thousands of cases per request.
//
// They count on the SLA clock: in the case's policy calendar (none = around the clock), from the
// creation, minus the business minutes the clock stood still (pending) before the event, i.e. what
// the SLA targets are measured against.

/**
 * Stores first_response_business_minutes (once the case has a first response) and
 * resolution_business_minutes (while it is resolved or closed; recomputed on each resolution, so a
 * reopened and re-resolved case counts its whole clock). Call it in the transaction that records
 * the first response or resolves the case, after refreshCaseSla.
 */
export async function recordServiceTimes(tx: Tx, caseIds: string[]): Promise<void> {
  if (caseIds.length === 0) return;
  const found = await tx
    .select({
      id: cases.id,
      createdAt: cases.createdAt,
      status: cases.status,
      firstRespondedAt: cases.firstRespondedAt,
      resolvedAt: cases.resolvedAt,
      pausedMinutes: cases.slaPausedMinutes,
      firstResponsePausedMinutes: cases.firstResponsePausedMinutes,
      calendarId: businessCalendars.id,
      timeZone: businessCalendars.timeZone,
      periods: businessCalendars.periods,
      holidays: businessCalendars.holidays,
    })
    .from(cases)
    .leftJoin(slaPolicies, eq(slaPolicies.id, cases.slaPolicyId))
    .leftJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
    .where(inArray(cases.id, caseIds));
  const calendars = new Map<string, BusinessCalendar>();
  const updates = found.map((r) => {
    let cal = ALWAYS_OPEN;
    if (r.calendarId) {
      cal =
        calendars.get(r.calendarId) ??
        toBusinessCalendar({ timeZone: r.timeZone!, periods: r.periods!, holidays: r.holidays! });
      calendars.set(r.calendarId, cal);
    }
    const minutes = (to: Date, paused: number) =>
      Math.max(0, Math.round(businessMinutesBetween(cal, r.createdAt, to) - paused));
    const done = r.status === 'resolved' || r.status === 'closed';
    return {
      id: r.id,
      first: r.firstRespondedAt ? minutes(r.firstRespondedAt, r.firstResponsePausedMinutes) : null,
      resolution: done && r.resolvedAt ? minutes(r.resolvedAt, r.pausedMinutes) : null,
    };
  });
  if (updates.length === 0) return;
  await tx.execute(sql`
    update ${cases} set
      first_response_business_minutes = x.first,
      resolution_business_minutes = x.resolution
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id uuid, first integer, resolution integer)
    where ${cases.id} = x.id`);
}
