import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { cases } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { getServiceDashboard, ServiceDashboardFilterSchema } from './dashboard';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);

setupTestDatabase();

// A hand-built desk, "now" = Monday 2026-06-15 12:00 UTC (company time zone UTC); the 30-day window
// starts 2026-05-17 00:00. Every expected number below is counted by hand from this table.
const now = new Date('2026-06-15T12:00:00Z');
const D = (day: string, hour = 10) => new Date(`2026-${day}T${String(hour).padStart(2, '0')}:00:00Z`);
const filter = (p: Record<string, string> = {}) => ServiceDashboardFilterSchema.parse(p);

let a: Viewer, b: Viewer, manager: Viewer, admin: Viewer, rep: Viewer, marketer: Viewer;

beforeAll(async () => {
  a = await createTestUser('service_agent', { name: 'Agent Alpha' });
  b = await createTestUser('service_agent', { name: 'Agent Beta' });
  manager = await createTestUser('manager');
  admin = await createTestUser('admin');
  rep = await createTestUser('sales_rep');
  marketer = await createTestUser('marketer');
  const customerId = (await insertCustomer({ ownerId: rep.userId })).id;
  type Row = Partial<typeof cases.$inferInsert>;
  const c = (n: number, values: Row) => ({ customerId, subject: `Case ${n}`, ...values });
  await db.insert(cases).values([
    // The open backlog.
    c(1, { assigneeId: a.userId, status: 'new', priority: 'urgent', channel: 'email', createdAt: D('06-14') }),
    c(2, { assigneeId: a.userId, status: 'open', priority: 'high', channel: 'phone', createdAt: D('06-14') }),
    c(3, { assigneeId: b.userId, status: 'pending', priority: 'normal', channel: 'email', createdAt: D('06-14') }),
    c(4, { assigneeId: null, status: 'new', priority: 'low', channel: 'chat', createdAt: D('06-14') }),
    // First responses (open cases, so also backlog).
    c(5, {
      assigneeId: a.userId,
      status: 'open',
      priority: 'normal',
      channel: 'web',
      createdAt: D('05-31'),
      firstRespondedAt: D('06-01'),
      firstResponseDueAt: D('06-02'), // met
      firstResponseBusinessMinutes: 30,
    }),
    c(6, {
      assigneeId: a.userId,
      status: 'open',
      priority: 'normal',
      channel: 'web',
      createdAt: D('06-02'),
      firstRespondedAt: D('06-03'),
      firstResponseDueAt: D('06-02'), // late, no breach marker yet: breached
      firstResponseBusinessMinutes: 90,
    }),
    c(7, {
      assigneeId: b.userId,
      status: 'open',
      priority: 'high',
      channel: 'email',
      createdAt: D('06-04'),
      firstRespondedAt: D('06-05'),
      firstResponseDueAt: D('06-06'),
      firstResponseBreachedAt: D('06-04', 11), // marked by the breach job: breached
      firstResponseBusinessMinutes: 60,
    }),
    c(8, {
      assigneeId: b.userId,
      status: 'open',
      priority: 'low',
      channel: 'chat',
      createdAt: D('06-04'),
      firstRespondedAt: D('06-05'),
      firstResponseDueAt: null, // no SLA policy: not in attainment, in the median
      firstResponseBusinessMinutes: 10,
    }),
    c(9, {
      assigneeId: a.userId,
      status: 'closed',
      channel: 'email',
      createdAt: D('04-30'),
      firstRespondedAt: D('05-01'), // before the window
      firstResponseDueAt: D('05-02'),
      firstResponseBusinessMinutes: 1000,
      resolvedAt: D('05-02'),
      resolutionDueAt: D('05-03'),
      resolutionBusinessMinutes: 2000,
    }),
    // Resolutions and survey answers.
    c(10, {
      assigneeId: a.userId,
      status: 'closed',
      channel: 'email',
      createdAt: D('06-09'),
      resolvedAt: D('06-10'),
      resolutionDueAt: D('06-12'), // met
      resolutionBusinessMinutes: 120,
      csatRating: 5,
      csatAnsweredAt: D('06-11'),
    }),
    c(11, {
      assigneeId: a.userId,
      status: 'resolved',
      channel: 'phone',
      createdAt: D('06-07'),
      resolvedAt: D('06-08'),
      resolutionDueAt: D('06-07'), // late: breached
      resolutionBusinessMinutes: 600,
      csatRating: 2,
      csatAnsweredAt: D('06-09'),
    }),
    c(12, {
      assigneeId: b.userId,
      status: 'closed',
      channel: 'email',
      createdAt: D('05-19'),
      resolvedAt: D('05-20'),
      resolutionDueAt: D('05-25'), // met
      resolutionBusinessMinutes: 240,
      csatRating: 4,
      csatAnsweredAt: D('05-21'),
    }),
    c(13, {
      assigneeId: b.userId,
      status: 'closed',
      channel: 'phone',
      createdAt: D('05-09'),
      resolvedAt: D('05-10'), // before the window
      resolutionDueAt: D('05-11'),
      resolutionBusinessMinutes: 5,
      csatRating: 1,
      csatAnsweredAt: D('05-10'),
    }),
    c(14, {
      assigneeId: a.userId,
      status: 'open', // reopened: its earlier resolution no longer counts
      priority: 'normal',
      channel: 'web',
      createdAt: D('06-01'),
      resolvedAt: D('06-05'),
      resolutionDueAt: D('06-02'),
      resolutionBusinessMinutes: 9999,
    }),
  ]);
});

const timing = (met: number, breached: number, rate: number | null, medianMinutes: number | null) => ({
  met,
  breached,
  total: met + breached,
  rate,
  small: met + breached < 5,
  medianMinutes,
});
const csat = (responses: number, satisfied: number, rate: number | null) => ({
  responses,
  satisfied,
  rate,
  small: responses < 5,
});

describe('service dashboard on a hand-built desk', () => {
  it('a manager sees the team: backlog, attainment, medians, CSAT, trend, channels and every agent', async () => {
    const d = (await getServiceDashboard(manager, filter(), { now }))!;
    expect(d.from).toBe('2026-05-17');
    expect(d.backlog.total).toBe(9);
    expect(Object.fromEntries(d.backlog.cells.map((x) => [`${x.status}/${x.priority}`, x.count]))).toEqual({
      'new/urgent': 1,
      'new/low': 1,
      'open/high': 2,
      'open/normal': 3,
      'open/low': 1,
      'pending/normal': 1,
    });
    // First response: met 5; breached 6 (late) and 7 (marked); 8 has no target. Median of 30, 90, 60, 10 = 45.
    expect(d.firstResponse).toEqual(timing(1, 2, 1 / 3, 45));
    // Resolution: met 10 and 12, breached 11; 14 was reopened, 9 and 13 are before the window. Median of 120, 600, 240.
    expect(d.resolution).toEqual(timing(2, 1, 2 / 3, 240));
    // CSAT: 5, 2, 4 in the window → 2 of 3.
    expect(d.csat).toEqual(csat(3, 2, 2 / 3));
    expect(d.trend).toEqual([
      { period: '2026-05-11', ...csat(0, 0, null) },
      { period: '2026-05-18', ...csat(1, 1, 1) },
      { period: '2026-05-25', ...csat(0, 0, null) },
      { period: '2026-06-01', ...csat(0, 0, null) },
      { period: '2026-06-08', ...csat(2, 1, 0.5) },
      { period: '2026-06-15', ...csat(0, 0, null) },
    ]);
    expect(d.channels).toEqual([
      { channel: 'email', count: 5 },
      { channel: 'web', count: 3 },
      { channel: 'phone', count: 2 }, // ties in the channels' own order: email, phone, web, chat
      { channel: 'chat', count: 2 },
    ]);
    expect(d.agents?.map((r) => [r.name, r.open, r.firstResponse, r.resolution, r.csat])).toEqual([
      ['Agent Alpha', 5, timing(1, 1, 0.5, 60), timing(1, 1, 0.5, 360), csat(2, 1, 0.5)],
      ['Agent Beta', 3, timing(0, 1, 0, 35), timing(1, 0, 1, 240), csat(1, 1, 1)],
      [null, 1, timing(0, 0, null, null), timing(0, 0, null, null), csat(0, 0, null)],
    ]);
    expect(d.team).toMatchObject({ open: 9, firstResponse: d.firstResponse, resolution: d.resolution, csat: d.csat });
  });

  it('the CSAT trend by month', async () => {
    const d = (await getServiceDashboard(admin, filter({ by: 'month' }), { now }))!;
    expect(d.trend).toEqual([
      { period: '2026-05-01', ...csat(1, 1, 1) },
      { period: '2026-06-01', ...csat(2, 1, 0.5) },
    ]);
  });

  it('a 90-day window takes in the older cases', async () => {
    const d = (await getServiceDashboard(manager, filter({ days: '90' }), { now }))!;
    expect(d.firstResponse).toEqual(timing(2, 2, 0.5, 60)); // + case 9 (met, 1000 min): median of 10, 30, 60, 90, 1000
    expect(d.csat).toEqual(csat(4, 2, 0.5));
  });

  it('an agent sees only their own numbers, also when the URL names another agent', async () => {
    const own = (await getServiceDashboard(a, filter(), { now }))!;
    expect(own.backlog.total).toBe(5);
    expect(own.firstResponse).toEqual(timing(1, 1, 0.5, 60));
    expect(own.resolution).toEqual(timing(1, 1, 0.5, 360));
    expect(own.csat).toEqual(csat(2, 1, 0.5));
    expect(own.channels).toEqual([
      { channel: 'web', count: 3 },
      { channel: 'email', count: 2 },
      { channel: 'phone', count: 2 },
    ]);
    expect(own.agents).toBeNull();
    expect(own.team).toBeNull();
    for (const agent of [b.userId, 'me']) expect(await getServiceDashboard(a, filter({ agent }), { now })).toEqual(own);
  });

  it('a manager can look at one agent', async () => {
    const d = (await getServiceDashboard(manager, filter({ agent: b.userId }), { now }))!;
    expect([d.backlog.total, d.firstResponse, d.resolution, d.csat]).toEqual([
      3,
      timing(0, 1, 0, 35),
      timing(1, 0, 1, 240),
      csat(1, 1, 1),
    ]);
    expect(d.agents).toBeNull();
  });

  it('reps and marketers get nothing', async () => {
    expect(await getServiceDashboard(rep, filter(), { now })).toBeNull();
    expect(await getServiceDashboard(marketer, filter(), { now })).toBeNull();
  });

  it('a window without answers is null, not 0 %', async () => {
    const d = (await getServiceDashboard(manager, filter(), { now: new Date('2030-01-01T00:00:00Z') }))!;
    expect(d.csat.rate).toBeNull();
    expect(d.firstResponse.rate).toBeNull();
    expect(d.resolution.medianMinutes).toBeNull();
  });
});
