import { beforeAll, expect, it } from 'vitest';
import { db } from '@/db/client';
import { businessCalendars, cases, slaPolicies } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { insertCustomer } from '@/lib/testing/fixtures';
import { recordServiceTimes } from './service-times';

setupTestDatabase();

let customerId: string;
let normalPolicy: string;
let urgentPolicy: string;

beforeAll(async () => {
  customerId = (await insertCustomer({ ownerId: null })).id;
  const nine5 = [{ start: '09:00', end: '17:00' }];
  const [cal] = await db
    .insert(businessCalendars)
    .values({ name: 'Office', timeZone: 'UTC', periods: [nine5, nine5, nine5, nine5, nine5, [], []], holidays: [] })
    .returning({ id: businessCalendars.id });
  [{ id: normalPolicy }, { id: urgentPolicy }] = await db
    .insert(slaPolicies)
    .values([
      { name: 'Normal', priority: 'normal', firstResponseMinutes: 60, resolutionMinutes: 480, calendarId: cal.id },
      { name: 'Urgent', priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
    ])
    .returning({ id: slaPolicies.id });
});

const Z = (iso: string) => new Date(`${iso}:00Z`);

it('counts business minutes on the SLA clock: Friday 16:30 → Monday 09:30 is 60; pending time is left out', async () => {
  const [c] = await db
    .insert(cases)
    .values({
      customerId,
      subject: 'Late on a Friday',
      status: 'resolved',
      slaPolicyId: normalPolicy,
      createdAt: Z('2026-06-05T16:30'), // Friday
      firstRespondedAt: Z('2026-06-08T09:30'), // Monday: 30 + 30 business minutes
      resolvedAt: Z('2026-06-09T12:00'), // Tuesday: 30 Friday + 480 Monday + 180 Tuesday = 690 business minutes
      slaPausedMinutes: 120, // two business hours pending
      firstResponsePausedMinutes: 0,
    })
    .returning({ id: cases.id });
  const [open] = await db
    .insert(cases)
    .values({
      customerId,
      subject: 'Around the clock',
      status: 'open',
      priority: 'urgent',
      slaPolicyId: urgentPolicy,
      createdAt: Z('2026-06-06T10:00'), // Saturday, no calendar: every minute counts
      firstRespondedAt: Z('2026-06-06T11:15'),
      resolvedAt: Z('2026-06-06T12:00'), // reopened since: no resolution time
    })
    .returning({ id: cases.id });
  await db.transaction((tx) => recordServiceTimes(tx, [c.id, open.id]));
  const got = await db
    .select({ id: cases.id, first: cases.firstResponseBusinessMinutes, res: cases.resolutionBusinessMinutes })
    .from(cases);
  expect(got.find((r) => r.id === c.id)).toMatchObject({ first: 60, res: 690 - 120 });
  expect(got.find((r) => r.id === open.id)).toMatchObject({ first: 75, res: null });
});
