import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '@/analytics/csv';
import { GET, POST } from '@/app/(app)/customers/export/route';
import { db } from '@/db/client';
import { auditLog, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { listCustomers } from '@/lib/customers/customers';
import { CustomerFilterSchema } from '@/lib/customers/filters';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { EXPORT_HEADERS, exportCustomers } from './export';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);

setupTestDatabase();

const get = (query: string) => GET(new Request(`http://localhost/customers/export?${query}`));
/** A form POST as the bulk-actions form sends it: same origin, form-encoded. */
const post = (body: string, headers: Record<string, string> = {}) =>
  POST(
    new Request('http://localhost/customers/export', {
      method: 'POST',
      body,
      headers: {
        origin: 'http://localhost',
        host: 'localhost',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
    }),
  );
async function csvOf(response: Response): Promise<{ bytes: Uint8Array; records: string[][] }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, records: parseCsv(new TextDecoder().decode(bytes)) };
}
const col = (records: string[][], name: string) => records.slice(1).map((r) => r[records[0].indexOf(name)]);

/** Every row the list shows for a filter, page by page, in order. */
async function listIds(viewer: Viewer, params: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { rows } = await listCustomers(
      viewer,
      CustomerFilterSchema.parse({ ...params, size: '25', page: String(page) }),
    );
    ids.push(...rows.map((r) => r.id));
    if (rows.length < 25) return ids;
  }
}

let rep: Viewer;
let other: Viewer;
let deletedId: string;
let formulaId: string;

beforeAll(async () => {
  rep = await createTestUser('sales_rep');
  other = await createTestUser('sales_rep');
  const countries = ['DE', 'CN', null, 'US'];
  const industries = ['Retail', null, 'Software'];
  await db.insert(customers).values(
    Array.from({ length: 60 }, (_, i) => ({
      kind: 'company' as const,
      name: `Firma ${String(i % 20).padStart(2, '0')}`,
      email: i % 5 ? `c${i}@example.com` : null,
      country: countries[i % 4],
      industry: industries[i % 3],
      ownerId: i % 2 ? rep.userId : other.userId,
      tags: i % 3 ? ['vip'] : [],
      createdAt: new Date(Date.UTC(2026, 0, 1 + (i % 7))),
    })),
  );
  const [deleted] = await db
    .insert(customers)
    .values({ kind: 'company', name: 'Deleted GmbH', country: 'CN', ownerId: rep.userId, deletedAt: new Date() })
    .returning({ id: customers.id });
  deletedId = deleted.id;
  // Legacy data that would run in a spreadsheet: the export must neutralise it.
  const [formula] = await db
    .insert(customers)
    .values({
      kind: 'person',
      name: '=HYPERLINK("http://x","y")',
      phone: '+49 30 1234567',
      notes: '@SUM(1+1)\nline two, "quoted"',
      country: 'DE',
      ownerId: rep.userId,
    })
    .returning({ id: customers.id });
  formulaId = formula.id;
});

describe('customer CSV export', () => {
  beforeEach(() => signInAs(null));

  it('is refused without a session', async () => {
    expect((await get('')).status).toBe(401);
  });

  it('a filtered export holds exactly the rows the list shows, in its order, without deleted customers', async () => {
    signInAs(rep);
    const filter = { country: 'CN', owner: 'me', sort: 'name', dir: 'asc' };
    const response = await get(new URLSearchParams(filter).toString());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const { bytes, records } = await csvOf(response);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(records[0]).toEqual(EXPORT_HEADERS);
    const expected = await listIds(rep, filter);
    expect(expected.length).toBeGreaterThan(3);
    expect(col(records, 'id')).toEqual(expected);
    expect(col(records, 'id')).not.toContain(deletedId);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export'), eq(auditLog.actorId, rep.userId)));
    expect(entry).toMatchObject({
      entity: 'customer',
      entityId: 'list',
      diff: { filter: expect.objectContaining({ country: 'CN', owner: 'me' }), rows: expected.length },
    });
  });

  it('neutralises formula cells and quotes commas, quotes and line breaks', async () => {
    signInAs(rep);
    const { records } = await csvOf(await post(`ids=${formulaId}`));
    expect(records).toHaveLength(2);
    const row = Object.fromEntries(records[0].map((h, i) => [h, records[1][i]]));
    expect(row.name).toBe(`'=HYPERLINK("http://x","y")`);
    expect(row.phone).toBe(`'+49 30 1234567`);
    expect(row.notes).toBe(`'@SUM(1+1)\nline two, "quoted"`);
  });

  it('selected ids (POSTed) export only those rows, still without deleted customers; bad ids are a 400', async () => {
    signInAs(other);
    const some = (await listIds(other, {})).slice(0, 3);
    const { records } = await csvOf(
      await post(new URLSearchParams({ ids: [...some, deletedId].join(',') }).toString()),
    );
    expect(new Set(col(records, 'id'))).toEqual(new Set(some));
    // Repeated fields work too (a form with one input per id).
    const repeated = await csvOf(await post(some.map((id) => `ids=${id}`).join('&')));
    expect(new Set(col(repeated.records, 'id'))).toEqual(new Set(some));
    for (const body of ['ids=1,2,3', 'ids=', '', 'ids=%00', `ids=${some[0]}%00`, 'ids=%C3%28'])
      expect((await post(body)).status, body).toBe(400);
  });

  it('a selection in a GET URL is a 400 (it is POSTed); the POST refuses other sites, other bodies and big bodies', async () => {
    signInAs(other);
    const [id] = await listIds(other, {});
    expect((await get(`ids=${id}`)).status).toBe(400);
    expect((await post(`ids=${id}`, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(`ids=${id}`, { origin: '' })).status).toBe(403);
    expect((await post(`ids=${id}`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(JSON.stringify({ ids: [id] }), { 'content-type': 'application/json' })).status).toBe(415);
    const big = await post(`ids=${`${id},`.repeat(2000)}`);
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/too large/);
    signInAs(null);
    expect((await post(`ids=${id}`)).status).toBe(401);
  });

  it('filters with NUL, invalid UTF-8 or dates out of range are dropped: the export answers 200, never a 500', async () => {
    signInAs(rep);
    const all = await listIds(rep, {});
    for (const query of [
      'q=%00',
      'industry=%00',
      'tags=%00',
      'q=%C3%28',
      'q=%FF',
      'to=9999-12-31',
      'from=0000-01-01',
      'from=2026-02-30',
      'owner=%00&country=%00&kind=%00&sort=%00&dir=%00',
    ]) {
      const response = await get(query);
      expect(response.status, query).toBe(200);
      expect(col((await csvOf(response)).records, 'id'), query).toEqual(all);
    }
  });

  it('batches by keyset in the list order for every sort, including columns with nulls', async () => {
    for (const [sort, dir] of [
      ['country', 'asc'],
      ['industry', 'desc'],
      ['email', 'asc'],
      ['name', 'desc'],
      ['createdAt', 'asc'],
      ['updatedAt', 'desc'],
    ]) {
      const filter = CustomerFilterSchema.parse({ sort, dir });
      const result = await exportCustomers(rep, { filter }, 7);
      if (result === 'forbidden') throw new Error('forbidden');
      const records = parseCsv(await new Response(result.stream).text());
      expect(col(records, 'id'), `${sort} ${dir}`).toEqual(await listIds(rep, { sort, dir }));
      expect(result.rowCount).toBe(records.length - 1);
    }
  });

  it('names that differ only in case page in the list order in both directions for every sort: no row lost or repeated', async () => {
    const owner = await createTestUser('sales_rep');
    // Case-only duplicates and mixed case: a raw `name` keyset skips or repeats these when the
    // list sorts by lower(name).
    const names = [
      'a',
      'A',
      'apple',
      'Apple',
      'APPLE',
      'Banana',
      'banana',
      'b',
      'B',
      'Zed',
      'zed',
      'ä',
      'Ä',
      'cherry',
      'Cherry',
    ];
    await db.insert(customers).values(
      names.map((name, i) => ({
        kind: 'person' as const,
        name,
        email: i % 3 ? `${i}-${name}@case.example` : null,
        country: i % 4 ? null : 'DE',
        industry: i % 2 ? 'Retail' : null,
        ownerId: owner.userId,
      })),
    );
    signInAs(owner);
    for (const sort of ['name', 'email', 'country', 'industry', 'createdAt', 'updatedAt']) {
      for (const dir of ['asc', 'desc']) {
        const params = { owner: 'me', sort, dir };
        const expected = await listIds(owner, params);
        expect(expected).toHaveLength(names.length);
        for (const batch of [1, 2, 4]) {
          const result = await exportCustomers(owner, { filter: CustomerFilterSchema.parse(params) }, batch);
          if (result === 'forbidden') throw new Error('forbidden');
          const ids = col(parseCsv(await new Response(result.stream).text()), 'id');
          expect(ids, `${sort} ${dir} batch ${batch}`).toEqual(expected);
          expect(new Set(ids).size).toBe(ids.length);
          expect(result.rowCount).toBe(ids.length);
        }
        const response = await get(new URLSearchParams(params).toString());
        const { records } = await csvOf(response);
        expect(col(records, 'id')).toEqual(expected);
        expect(response.headers.get('x-row-count')).toBe(String(expected.length));
      }
    }
  });

  it('a selection of 1,000 ids (about 39 kB, too long for a URL) exports all 1,000 rows', async () => {
    const owner = await createTestUser('sales_rep');
    const created = await db
      .insert(customers)
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          kind: 'company' as const,
          name: `Bulk ${i}`,
          ownerId: owner.userId,
        })),
      )
      .returning({ id: customers.id });
    const ids = created.map((c) => c.id);
    signInAs(owner);
    const body = new URLSearchParams({ ids: ids.join(',') }).toString();
    expect(body.length).toBeGreaterThan(38_000);
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-row-count')).toBe('1000');
    expect(new Set(col((await csvOf(response)).records, 'id'))).toEqual(new Set(ids));
    const tooMany = await post(
      new URLSearchParams({ ids: [...ids, '00000000-0000-4000-8000-000000000001'].join(',') }).toString(),
    );
    expect(tooMany.status).toBe(400);
  });

  it('carries what withdraws consent: who unsubscribed or bounced is marked beside email_consent', async () => {
    signInAs(rep);
    const gone = new Date('2026-11-02T10:00:00Z');
    const [unsubscribed, bounced, subscribed] = await db
      .insert(customers)
      .values([
        {
          kind: 'person',
          name: 'Consent Gone',
          ownerId: rep.userId,
          email: 'gone@example.com',
          emailConsent: true,
          unsubscribedAt: gone,
        },
        {
          kind: 'person',
          name: 'Consent Bounced',
          ownerId: rep.userId,
          email: 'bounce@example.com',
          emailConsent: true,
          bouncedAt: gone,
        },
        { kind: 'person', name: 'Consent Kept', ownerId: rep.userId, email: 'kept@example.com', emailConsent: true },
      ])
      .returning({ id: customers.id });
    const { records } = await csvOf(await get(new URLSearchParams({ owner: 'me', q: 'Consent' }).toString()));
    const row = (id: string) => {
      const r = records.find((x) => x[records[0].indexOf('id')] === id)!;
      return {
        consent: r[records[0].indexOf('email_consent')],
        unsubscribed: r[records[0].indexOf('unsubscribed_at')],
        bounced: r[records[0].indexOf('bounced_at')],
      };
    };
    expect(row(unsubscribed.id).unsubscribed).toMatch(/^2026-11-02/);
    expect(row(bounced.id).bounced).toMatch(/^2026-11-02/);
    expect(row(subscribed.id)).toMatchObject({ unsubscribed: '', bounced: '' });
  });
});
