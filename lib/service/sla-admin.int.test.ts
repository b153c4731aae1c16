import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, businessCalendars, cases, slaPolicies } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { addBusinessMinutes } from './business-hours';
import { toBusinessCalendar } from './sla';
import { saveCalendarAction, saveSlaPolicyAction } from './sla-actions';
import { getSlaAdmin } from './sla-admin';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, agent: Viewer;

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, agent] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('agent@lodestar.test'),
  ]);
}, 120_000);

/** A calendar form as the page submits it: repeated start-N / end-N per period, repeated holiday. */
function calendarForm(values: {
  id?: string;
  version?: number;
  name: string;
  timeZone: string;
  periods: [number, string, string][];
  holidays?: string[];
}): FormData {
  const f = new FormData();
  f.set('id', values.id ?? '');
  f.set('version', values.version ? String(values.version) : '');
  f.set('name', values.name);
  f.set('timeZone', values.timeZone);
  for (const [day, start, end] of values.periods) {
    f.append(`start-${day}`, start);
    f.append(`end-${day}`, end);
  }
  for (const h of values.holidays ?? []) f.append('holiday', h);
  return f;
}

const weekdays = (start: string, end: string): [number, string, string][] =>
  [0, 1, 2, 3, 4].map((d) => [d, start, end]);

describe('SLA admin', () => {
  it('the seed links every policy to the office calendar, and seeded open cases have its due times', async () => {
    const data = await getSlaAdmin(admin);
    expect(data?.calendars.map((c) => c.name)).toEqual(['Office hours']);
    expect(data?.policies).toHaveLength(4);
    expect(new Set(data?.policies.map((p) => p.calendarId))).toEqual(new Set([data?.calendars[0].id]));
    const cal = toBusinessCalendar(data!.calendars[0]);
    const open = await db
      .select({ createdAt: cases.createdAt, due: cases.firstResponseDueAt, policyId: cases.slaPolicyId })
      .from(cases)
      .where(eq(cases.status, 'open'))
      .limit(20);
    expect(open.length).toBeGreaterThan(0);
    for (const c of open) {
      const minutes = data!.policies.find((p) => p.id === c.policyId)!.firstResponseMinutes;
      expect(c.due).toEqual(addBusinessMinutes(cal, c.createdAt, minutes));
    }
  });

  it('managers read, agents get nothing; only admins save (also by a crafted request)', async () => {
    expect(await getSlaAdmin(manager)).not.toBeNull();
    expect(await getSlaAdmin(agent)).toBeNull();
    signInAs(manager);
    const refused = await saveCalendarAction(
      { ok: false },
      calendarForm({ name: 'Sneaky', timeZone: 'UTC', periods: weekdays('09:00', '17:00') }),
    );
    expect(refused).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await db.select().from(businessCalendars).where(eq(businessCalendars.name, 'Sneaky'))).toEqual([]);
  });

  it('refuses a period crossing midnight, overlaps, a bad zone, a bad holiday and a week without hours, per field', async () => {
    signInAs(admin);
    const bad = await saveCalendarAction(
      { ok: false },
      calendarForm({
        name: 'Night',
        timeZone: 'Mars/Base',
        periods: [
          [0, '22:00', '06:00'],
          [1, '09:00', '12:00'],
          [1, '11:00', '13:00'],
          [2, '9am', '17:00'],
        ],
        holidays: ['2026-02-30'],
      }),
    );
    expect(bad.ok).toBe(false);
    expect(bad.fieldErrors).toMatchObject({
      timeZone: ['timeZone'],
      day0: ['periodCrossesMidnight'],
      day1: ['periodOverlap'],
      day2: ['periodTime'],
      holidays: ['date'],
    });
    const empty = await saveCalendarAction(
      { ok: false },
      calendarForm({ name: 'Empty', timeZone: 'UTC', periods: [] }),
    );
    expect(empty.fieldErrors).toMatchObject({ periods: ['noWorkingTime'] });
    // A holiday in a year nobody means (the house's SUPPORTED_YEARS) is a typo, not a day off.
    for (const holiday of ['9999-12-31', '1066-10-14']) {
      const farOff = await saveCalendarAction(
        { ok: false },
        calendarForm({ name: 'Far off', timeZone: 'UTC', periods: weekdays('09:00', '17:00'), holidays: [holiday] }),
      );
      expect(farOff).toMatchObject({ ok: false, fieldErrors: { holidays: ['date'] } });
    }
    // The submitted values come back for the form to show.
    expect(bad.values?.name).toBe('Night');
  });

  it('edits a calendar with optimistic locking; the open cases of its policies get new due times; audited', async () => {
    signInAs(admin);
    const [cal] = await db.select().from(businessCalendars);
    const form = () =>
      calendarForm({
        id: cal.id,
        version: cal.version,
        name: 'Office hours',
        timeZone: 'Europe/London',
        periods: [...weekdays('09:00', '12:00'), ...weekdays('13:00', '18:00')],
        holidays: ['2026-07-01', '2026-07-01', '2026-12-25'],
      });
    const saved = await saveCalendarAction({ ok: false }, form());
    expect(saved).toMatchObject({ ok: true, message: 'saved' });
    const [after] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, cal.id));
    expect(after.version).toBe(cal.version + 1);
    expect(after.periods[0]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    expect(after.holidays).toEqual(['2026-07-01', '2026-12-25']); // deduplicated, sorted
    // Same version again: stale.
    expect(await saveCalendarAction({ ok: false }, form())).toMatchObject({ ok: false, reason: 'stale' });
    // An open case now runs on the new hours.
    const [open] = await db
      .select({ createdAt: cases.createdAt, due: cases.resolutionDueAt, policyId: cases.slaPolicyId })
      .from(cases)
      .where(eq(cases.status, 'new'))
      .limit(1);
    const [policy] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, open.policyId!));
    expect(open.due).toEqual(addBusinessMinutes(toBusinessCalendar(after), open.createdAt, policy.resolutionMinutes));
    const [row] = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'business_calendar'), eq(auditLog.entityId, cal.id)));
    expect(row.diff).toHaveProperty('periods');
  });

  it('creates a calendar; a second one with the same name (any case) is refused on the name field', async () => {
    signInAs(admin);
    const made = await saveCalendarAction(
      { ok: false },
      calendarForm({ name: 'Shanghai support', timeZone: 'Asia/Shanghai', periods: weekdays('09:00', '18:00') }),
    );
    expect(made).toMatchObject({ ok: true, message: 'calendarCreated' });
    const again = await saveCalendarAction(
      { ok: false },
      calendarForm({ name: 'shanghai SUPPORT', timeZone: 'UTC', periods: weekdays('09:00', '18:00') }),
    );
    expect(again).toMatchObject({ ok: false, fieldErrors: { name: ['calendarNameTaken'] } });
  });

  it('edits a policy: targets in hours or minutes, around the clock, escalation; resolution shorter than first response is refused', async () => {
    signInAs(admin);
    const [urgent] = await db.select().from(slaPolicies).where(eq(slaPolicies.priority, 'urgent'));
    const base = {
      id: urgent.id,
      version: String(urgent.version),
      priority: 'urgent',
      name: 'Urgent 24/7',
      firstResponse: '30',
      firstResponseUnit: 'minutes',
      resolution: '1.5',
      resolutionUnit: 'hours',
      calendarId: '',
      escalateReassignTo: manager.userId,
    };
    const f = (values: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(values)) form.set(k, v);
      return form;
    };
    const short = await saveSlaPolicyAction({ ok: false }, f({ ...base, resolution: '10', resolutionUnit: 'minutes' }));
    expect(short).toMatchObject({ ok: false, fieldErrors: { resolution: ['slaResolution'] } });
    const toRep = await saveSlaPolicyAction(
      { ok: false },
      f({ ...base, escalateReassignTo: (await seededViewer('rep@lodestar.test')).userId }),
    );
    expect(toRep).toMatchObject({ ok: false, fieldErrors: { escalateReassignTo: ['escalationAssignee'] } });
    const ok = await saveSlaPolicyAction({ ok: false }, f(base)); // escalateNotify unticked
    expect(ok).toMatchObject({ ok: true });
    const [after] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, urgent.id));
    expect(after).toMatchObject({
      name: 'Urgent 24/7',
      firstResponseMinutes: 30,
      resolutionMinutes: 90,
      calendarId: null,
      escalateNotify: false,
      escalateReassignTo: manager.userId,
      version: urgent.version + 1,
    });
    // Its open cases now count around the clock.
    const [open] = await db
      .select({ createdAt: cases.createdAt, due: cases.firstResponseDueAt })
      .from(cases)
      .where(and(eq(cases.slaPolicyId, urgent.id), eq(cases.status, 'new')))
      .limit(1);
    if (open) expect(open.due).toEqual(new Date(open.createdAt.getTime() + 30 * 60_000));
    expect(await saveSlaPolicyAction({ ok: false }, f(base))).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('refuses a target the calendar would take more than a year to reach, and a calendar edit that leaves one (no frozen server, nothing written)', async () => {
    signInAs(admin);
    // One working minute a week: a year of business minutes would be ten thousand years away.
    const sparse = await saveCalendarAction(
      { ok: false },
      calendarForm({ name: 'One minute a week', timeZone: 'Europe/London', periods: [[0, '09:00', '09:01']] }),
    );
    expect(sparse).toMatchObject({ ok: true });
    const [low] = await db
      .select()
      .from(slaPolicies)
      .where(and(eq(slaPolicies.priority, 'low'), eq(slaPolicies.active, true)));
    const form = (values: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(values)) f.set(k, v);
      return f;
    };
    const policy = {
      id: low.id,
      version: String(low.version),
      priority: 'low',
      name: low.name,
      firstResponse: '1',
      firstResponseUnit: 'minutes',
      resolution: '8760',
      resolutionUnit: 'hours',
      calendarId: sparse.id!,
      escalateReassignTo: '',
    };
    const started = Date.now();
    const refused = await saveSlaPolicyAction({ ok: false }, form(policy));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(refused).toMatchObject({
      ok: false,
      reason: 'slaTargetTooLong',
      fieldErrors: { resolution: ['slaTargetTooLong'] },
    });
    const [unchanged] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, low.id));
    expect(unchanged).toMatchObject({ version: low.version, calendarId: low.calendarId });
    // 53 minutes fit in 53 weeks of one minute; the same target around the clock is fine too.
    expect(
      await saveSlaPolicyAction({ ok: false }, form({ ...policy, resolution: '53', resolutionUnit: 'minutes' })),
    ).toMatchObject({ ok: true });
    // Now the calendar may not lose its minute's worth of hours to a sparser week under that policy...
    const [cal] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, sparse.id!));
    const widened = await saveCalendarAction(
      { ok: false },
      calendarForm({
        id: cal.id,
        version: cal.version,
        name: cal.name,
        timeZone: cal.timeZone,
        periods: [[0, '09:00', '10:00']],
      }),
    );
    expect(widened).toMatchObject({ ok: true });
    const [cal2] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, sparse.id!));
    await db.update(slaPolicies).set({ resolutionMinutes: 3000 }).where(eq(slaPolicies.id, low.id)); // 53 h: fits 53 weeks of an hour
    const narrowed = await saveCalendarAction(
      { ok: false },
      calendarForm({
        id: cal2.id,
        version: cal2.version,
        name: cal2.name,
        timeZone: cal2.timeZone,
        periods: [[0, '09:00', '09:01']],
      }),
    );
    expect(narrowed).toMatchObject({
      ok: false,
      reason: 'calendarTooSparse',
      fieldErrors: { periods: ['calendarTooSparse'] },
    });
    const [kept] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, sparse.id!));
    expect(kept).toMatchObject({ version: cal2.version, periods: cal2.periods });
  });

  it('two admins creating a calendar of the same name at once: one is created, the others told on the name field (no 500)', async () => {
    signInAs(admin);
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        saveCalendarAction(
          { ok: false },
          calendarForm({
            name: i % 2 ? 'Race desk' : 'RACE DESK',
            timeZone: 'UTC',
            periods: weekdays('09:00', '17:00'),
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok))
      expect(r).toMatchObject({ fieldErrors: { name: ['calendarNameTaken'] } });
  });
});
