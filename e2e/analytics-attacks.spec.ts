import { expect, test } from '@playwright/test';
import { type RoleKey, storageState } from './helpers';

// Crafted requests against every analytics page and the customer list's analytics filters, per
// role: unknown enum values, wrong types, repeated and oversized parameters. Nothing may fail with
// a 500; a service agent gets 404 on every analytics page, whatever the query string.

const PAGES = [
  '/analytics',
  '/analytics/lifetime-value',
  '/analytics/segments',
  '/analytics/retention',
  '/analytics/churn-risk',
];
const QUERIES = [
  '',
  '?owner=none',
  '?owner=me&owner=none',
  `?owner=${'00000000-0000-4000-8000-000000000000'}`,
  '?owner=..%2F..%2Fetc%2Fpasswd',
  "?owner='%20or%201=1--",
  '?kind=alien',
  '?kind[]=person&country[]=US',
  '?country=zzz',
  '?country=%00',
  '?country=US&kind=company&owner=none',
  '?page=-1',
  '?page=99999999999999999999',
  '?page=1e9&size=100000',
  `?owner=${'x'.repeat(5000)}`,
];
const LIST_QUERIES = [
  '?segment=nope&valueClass=..&alive=maybe&cluster=-1&clvBand=9',
  '?clvMin=-5&clvMax=abc&r=0&f=99&cohort=2026-13',
  '?segment=champions&segment=lost&sort=clv&dir=sideways',
  '?sort=churn&dir=asc&page=100000',
  `?segment=champions&owner=${'00000000-0000-4000-8000-000000000000'}`,
  '?active=2&alive=likely&clvBand=5&sort=cluster',
];

const ROLE_STATUS: Record<RoleKey, number> = { admin: 200, manager: 200, rep: 200, marketer: 200, agent: 404 };
/**
 * Which query strings each role is sent. Parsing does not depend on the role; what a page shows
 * does, by scope: a manager's is the whole company (an admin's and a marketer's are the same scope,
 * so they get the plain pages and two crafted filters), a rep's their own customers. An agent gets
 * every one, for the 404 (cheap: nothing renders).
 */
const ROLE_QUERIES: Record<RoleKey, string[]> = {
  manager: QUERIES,
  rep: QUERIES,
  agent: QUERIES,
  admin: ['', "?owner='%20or%201=1--", '?country=US&kind=company&owner=none'],
  marketer: ['', '?owner=me&owner=none', '?page=1e9&size=100000'],
};

for (const role of Object.keys(ROLE_STATUS) as RoleKey[]) {
  test.describe(`[analytics attacks] ${role}`, () => {
    test.use({ storageState: storageState(role) });

    test(`${role}: every analytics page answers ${ROLE_STATUS[role]} to crafted query strings, never 500`, async ({
      request,
    }) => {
      test.setTimeout(240_000);
      const seen: string[] = [];
      for (const path of PAGES)
        for (const query of ROLE_QUERIES[role]) {
          const response = await request.get(path + query, { maxRedirects: 0 });
          seen.push(`${response.status()} ${path}${query.slice(0, 60)}`);
          expect(response.status(), `${path}${query.slice(0, 80)}`).toBe(ROLE_STATUS[role]);
          if (role === 'agent') continue;
          const html = await response.text();
          expect(html, `${path}${query.slice(0, 80)}`).not.toMatch(/Application error|Internal Server Error/);
        }
      for (const query of role === 'admin' || role === 'marketer' ? LIST_QUERIES.slice(0, 2) : LIST_QUERIES) {
        const response = await request.get(`/customers${query}`, { maxRedirects: 0 });
        expect(response.status(), `/customers${query}`).toBe(200);
        const csv = await request.get(`/customers/export${query}`, { maxRedirects: 0 });
        expect(csv.status(), `/customers/export${query}`).toBe(200);
      }
      expect(seen.length).toBe(PAGES.length * ROLE_QUERIES[role].length);
    });
  });
}
