import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/public/csat/[token]/route';
import { db } from '@/db/client';
import { cases } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { insertCustomer } from '@/lib/testing/fixtures';
import { issueCsatSurvey } from './csat';

setupTestDatabase();

let customerId: string;
const trusted = process.env.TRUSTED_PROXIES;
afterAll(() => {
  if (trusted === undefined) delete process.env.TRUSTED_PROXIES;
  else process.env.TRUSTED_PROXIES = trusted;
});
beforeAll(async () => {
  process.env.TRUSTED_PROXIES = '1'; // as behind one reverse proxy: each request names its address
  customerId = (await insertCustomer({ ownerId: null })).id;
});

let n = 0;
/** A form post to the public answer endpoint, from an address of its own (the rate limit stays out of it). */
function post(token: string, body: BodyInit, headers: Record<string, string> = {}) {
  n++;
  const request = new Request(`http://app.test/api/public/csat/${token}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': `10.9.${n >> 8}.${n & 255}`,
      ...headers,
    },
    body,
  });
  return POST(request, { params: Promise.resolve({ token }) });
}

async function token() {
  const [c] = await db
    .insert(cases)
    .values({ customerId, subject: 'Route', status: 'resolved', resolvedAt: new Date() })
    .returning({ id: cases.id });
  const s = await db.transaction((tx) => issueCsatSurvey(tx, c.id));
  return { id: c.id, token: s!.path.slice('/csat/'.length) };
}

describe('POST /api/public/csat/[token]', () => {
  it('stores the answer and sends the visitor back to the page with the outcome (303)', async () => {
    const t = await token();
    const res = await post(t.token, 'rating=5&comment=Great');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/csat/${t.token}?result=saved`);
    const [row] = await db.select({ r: cases.csatRating, c: cases.csatComment }).from(cases).where(eq(cases.id, t.id));
    expect(row).toEqual({ r: 5, c: 'Great' });
    // A replay lands on the page, which says it was answered; nothing changes.
    const again = await post(t.token, 'rating=1');
    expect(again.headers.get('location')).toBe(`/csat/${t.token}`);
    const [after] = await db.select({ r: cases.csatRating }).from(cases).where(eq(cases.id, t.id));
    expect(after.r).toBe(5);
  });

  it('a missing rating comes back as an error on the page; a forged token stores nothing', async () => {
    const t = await token();
    expect((await post(t.token, 'comment=no+rating')).headers.get('location')).toBe(`/csat/${t.token}?result=rating`);
    const forged = 'A'.repeat(43);
    expect((await post(forged, 'rating=5')).headers.get('location')).toBe(`/csat/${forged}`);
    // The location is built from the token path-encoded: no header injection or open redirect.
    const odd = await post('x/../../evil.example', 'rating=5');
    expect(odd.headers.get('location')).toBe('/csat/x%2F..%2F..%2Fevil.example');
  });

  it('refuses a body that is not UTF-8 (400) or too large (413)', async () => {
    const t = await token();
    expect((await post(t.token, new Uint8Array([0x72, 0x3d, 0xff, 0xfe]))).status).toBe(400);
    expect((await post(t.token, `rating=5&comment=${'x'.repeat(20_000)}`)).status).toBe(413);
  });
});
