import 'server-only';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { businessCalendars, slaPolicies, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { type Period, targetFitsCalendar } from './business-hours';
import { refreshOpenCasesSla } from './sla';
import type { CalendarInput, SlaPolicyInput } from './sla-schemas';

// The SLA admin (/admin/sla): admins change policies and calendars, managers read them. A change
// recomputes the due times of the open cases it touches, in the same transaction, so queues never
// show due times from the old targets.

export type PolicyItem = {
  id: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  name: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendarId: string | null;
  escalateNotify: boolean;
  escalateReassignTo: string | null;
  version: number;
};

export type CalendarItem = {
  id: string;
  name: string;
  timeZone: string;
  periods: Period[][];
  holidays: string[];
  version: number;
};

export type SlaAdmin = {
  policies: PolicyItem[];
  calendars: CalendarItem[];
  /** Who an escalation may reassign to: active agents, managers and admins. */
  assignees: { id: string; name: string }[];
};

const ASSIGNABLE = ['service_agent', 'manager', 'admin'] as const;

/** Active policies (one per priority), every calendar, and the possible escalation assignees; null without the right. */
export async function getSlaAdmin(viewer: Viewer): Promise<SlaAdmin | null> {
  if (!can(viewer, 'sla:read')) return null;
  const [policies, calendars, assignees] = await Promise.all([
    db
      .select({
        id: slaPolicies.id,
        priority: slaPolicies.priority,
        name: slaPolicies.name,
        firstResponseMinutes: slaPolicies.firstResponseMinutes,
        resolutionMinutes: slaPolicies.resolutionMinutes,
        calendarId: slaPolicies.calendarId,
        escalateNotify: slaPolicies.escalateNotify,
        escalateReassignTo: slaPolicies.escalateReassignTo,
        version: slaPolicies.version,
      })
      .from(slaPolicies)
      .where(eq(slaPolicies.active, true)),
    db
      .select({
        id: businessCalendars.id,
        name: businessCalendars.name,
        timeZone: businessCalendars.timeZone,
        periods: businessCalendars.periods,
        holidays: businessCalendars.holidays,
        version: businessCalendars.version,
      })
      .from(businessCalendars)
      .orderBy(asc(businessCalendars.name)),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.active, true), inArray(users.role, [...ASSIGNABLE])))
      .orderBy(asc(users.name))
      .limit(500),
  ]);
  return { policies, calendars, assignees };
}

type PolicyResult = Result<
  { id: string },
  'forbidden' | 'notFound' | 'stale' | 'escalationAssignee' | 'slaTargetTooLong'
>;

/** Creates the policy of a priority that has none, or edits one (optimistic locking); recomputes its open cases. */
export async function saveSlaPolicy(viewer: Viewer, input: SlaPolicyInput, now?: Date): Promise<PolicyResult> {
  if (!can(viewer, 'sla:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<PolicyResult> => {
    let periods: Period[][] | null = null;
    if (input.calendarId) {
      const [cal] = await tx
        .select({ id: businessCalendars.id, periods: businessCalendars.periods })
        .from(businessCalendars)
        .where(eq(businessCalendars.id, input.calendarId))
        .for('share');
      if (!cal) return { ok: false, reason: 'notFound' };
      periods = cal.periods;
    }
    // The resolution target is the longer one (the schema keeps it ≥ the first-response target).
    if (!targetFitsCalendar(input.resolutionMinutes, periods)) return { ok: false, reason: 'slaTargetTooLong' };
    if (input.escalateReassignTo) {
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(eq(users.id, input.escalateReassignTo), eq(users.active, true), inArray(users.role, [...ASSIGNABLE])),
        );
      if (!user) return { ok: false, reason: 'escalationAssignee' };
    }
    const values = {
      name: input.name,
      firstResponseMinutes: input.firstResponseMinutes,
      resolutionMinutes: input.resolutionMinutes,
      calendarId: input.calendarId,
      escalateNotify: input.escalateNotify,
      escalateReassignTo: input.escalateReassignTo,
    };
    if (!input.id) {
      const [taken] = await tx
        .select({ id: slaPolicies.id })
        .from(slaPolicies)
        .where(and(eq(slaPolicies.priority, input.priority), eq(slaPolicies.active, true)))
        .for('update');
      if (taken) return { ok: false, reason: 'stale' };
      // Two admins adding the same priority's policy at once: the partial unique index keeps one.
      const [created] = await tx
        .insert(slaPolicies)
        .values({ ...values, priority: input.priority })
        .onConflictDoNothing()
        .returning({ id: slaPolicies.id });
      if (!created) return { ok: false, reason: 'stale' };
      await audit(tx, viewer, { action: 'create', entity: 'sla_policy', entityId: created.id, diff: { ...values } });
      return { ok: true, id: created.id };
    }
    const [before] = await tx
      .select()
      .from(slaPolicies)
      .where(and(eq(slaPolicies.id, input.id), eq(slaPolicies.active, true)))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' };
    if (before.version !== input.version) return { ok: false, reason: 'stale' };
    const diff = changedFields(before, values);
    await tx
      .update(slaPolicies)
      .set({ ...values, updatedAt: sql`now()`, version: sql`${slaPolicies.version} + 1` })
      .where(eq(slaPolicies.id, input.id));
    if (Object.keys(diff).length) {
      const recomputed = await refreshOpenCasesSla(tx, [input.id], { now });
      await audit(tx, viewer, {
        action: 'update',
        entity: 'sla_policy',
        entityId: input.id,
        diff: { ...diff, recomputed },
      });
    }
    return { ok: true, id: input.id };
  });
}

type CalendarResult = Result<
  { id: string },
  'forbidden' | 'notFound' | 'stale' | 'calendarNameTaken' | 'calendarTooSparse'
>;

/** Creates or edits (optimistic locking) a calendar; an edit recomputes the open cases of the policies using it. */
export async function saveCalendar(viewer: Viewer, input: CalendarInput, now?: Date): Promise<CalendarResult> {
  if (!can(viewer, 'sla:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<CalendarResult> => {
    // Saves of the same name (any case) wait for each other, so the check below sees a rival that
    // just committed: two admins creating "Office" at once get one calendar and a message, not a 500.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`business_calendar:${input.name.toLowerCase()}`}))`);
    const [sameName] = await tx
      .select({ id: businessCalendars.id })
      .from(businessCalendars)
      .where(
        and(
          sql`lower(${businessCalendars.name}) = lower(${input.name})`,
          input.id ? ne(businessCalendars.id, input.id) : undefined,
        ),
      );
    if (sameName) return { ok: false, reason: 'calendarNameTaken' };
    const values = { name: input.name, timeZone: input.timeZone, periods: input.periods, holidays: input.holidays };
    if (!input.id) {
      const [created] = await tx.insert(businessCalendars).values(values).returning({ id: businessCalendars.id });
      await audit(tx, viewer, { action: 'create', entity: 'business_calendar', entityId: created.id, diff: values });
      return { ok: true, id: created.id };
    }
    const [before] = await tx.select().from(businessCalendars).where(eq(businessCalendars.id, input.id)).for('update');
    if (!before) return { ok: false, reason: 'notFound' };
    if (before.version !== input.version) return { ok: false, reason: 'stale' };
    // Fewer hours must still let every policy on this calendar reach its target (see MAX_TARGET_WEEKS).
    const [longest] = await tx
      .select({ minutes: sql<number | null>`max(${slaPolicies.resolutionMinutes})` })
      .from(slaPolicies)
      .where(and(eq(slaPolicies.calendarId, input.id), eq(slaPolicies.active, true)));
    if (longest?.minutes != null && !targetFitsCalendar(Number(longest.minutes), input.periods))
      return { ok: false, reason: 'calendarTooSparse' };
    const diff = changedFields(before, values);
    await tx
      .update(businessCalendars)
      .set({ ...values, updatedAt: sql`now()`, version: sql`${businessCalendars.version} + 1` })
      .where(eq(businessCalendars.id, input.id));
    if (Object.keys(diff).length) {
      const using = await tx
        .select({ id: slaPolicies.id })
        .from(slaPolicies)
        .where(eq(slaPolicies.calendarId, input.id));
      const recomputed = await refreshOpenCasesSla(
        tx,
        using.map((p) => p.id),
        { now },
      );
      await audit(tx, viewer, {
        action: 'update',
        entity: 'business_calendar',
        entityId: input.id,
        diff: { ...diff, recomputed },
      });
    }
    return { ok: true, id: input.id };
  });
}
