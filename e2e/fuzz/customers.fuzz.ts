import path from 'node:path';
import { type APIRequestContext, expect, request as playwrightRequest, test } from '@playwright/test';
import pg from 'pg';
import { ROLES, type RoleKey, storageState } from '../helpers';
import {
  actionCases,
  envelopeCases,
  exportPostCases,
  type FuzzCase,
  type FuzzContext,
  pathCases,
  queryCases,
} from './cases';
import { auditedReads, type Fingerprint, fingerprint, pickIds, readActions } from './database';

// The customers area under malformed input (run with `npm run test:fuzz`): every case of cases.ts
// is sent as each role and signed out, against `next start` on a fresh seeded PostgreSQL
// database. No response may be a server error, and no row may change.
//
// A server error is a 5xx, or an error digest in the body: a page that fails after it began
// streaming still answers 200, with the digest in its HTML (data-dgst) or RSC payload (E{"digest"}).

type Who = RoleKey | 'anonymous';
type Result = { who: Who; name: string; status: number; problem: string | null };
const results: Result[] = [];
let client: pg.Client;
let before: Fingerprint;
let ctx: FuzzContext;

test.beforeAll(async () => {
  const url = process.env.E2E_DATABASE_URL;
  if (!url)
    throw new Error('The fuzz test reads the server database: set E2E_DATABASE_URL (playwright.fuzz.config.ts does).');
  client = new pg.Client({ connectionString: url });
  await client.connect();
  const ids = await pickIds(client);
  ctx = {
    ...ids,
    actions: readActions(path.resolve(import.meta.dirname, '../..'), {
      customers: ids.customerId,
      contacts: ids.contactId,
      users: ids.userId,
    }),
  };
  before = await fingerprint(client);
});

test.afterAll(async () => {
  await client?.end();
});

/**
 * Why a response counts as a server error, or null: a 5xx, or an error digest in the body (a
 * failure after streaming began answers 200). A not-found digest is fine with a 404 status; with
 * a 200 it is the "soft 404" of a notFound() after streaming began.
 */
function serverError(status: number, body: string): string | null {
  if (status >= 500) return `HTTP ${status}`;
  const digests = [...body.matchAll(/data-dgst="([^"]*)"/g), ...body.matchAll(/:E\{\\?"digest\\?":\\?"([^"\\]*)/g)].map(
    (m) => m[1],
  );
  const bad = digests.find(
    (d) =>
      !(d.startsWith('NEXT_HTTP_ERROR_FALLBACK;') && status === Number(d.split(';')[1])) &&
      !(d.startsWith('NEXT_REDIRECT;') && status >= 300 && status < 400),
  );
  return bad === undefined ? null : `error digest ${bad} (HTTP ${status})`;
}

async function send(
  api: APIRequestContext,
  c: FuzzCase,
  who: Who,
): Promise<{ status: number; problem: string | null }> {
  try {
    const response = await api.fetch(c.path, {
      method: c.method,
      headers: c.headers,
      data: c.body,
      maxRedirects: 0,
      timeout: 60_000,
    });
    const body = (await response.body()).toString('utf8');
    const problem = serverError(response.status(), body);
    if (!problem && who === 'admin' && c.adminExpects && !body.includes(c.adminExpects))
      return { status: response.status(), problem: `answered without "${c.adminExpects}": the body never reached it` };
    return { status: response.status(), problem };
  } catch (error) {
    return { status: 0, problem: `no response: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Sends the cases a few at a time (the server has two cores); records every result. */
async function run(who: Who, cases: FuzzCase[]): Promise<void> {
  const api = await playwrightRequest.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: who === 'anonymous' ? undefined : storageState(who),
  });
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const { status, problem } = await send(api, c, who);
      results.push({ who, name: c.name, status, problem });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await api.dispose();
}

/**
 * The roles that get the malformed query strings: parsing a page's parameters does not depend on
 * the role, only what the list then shows does (everything for an admin, a rep's own records), and
 * a visitor is sent to sign in first. Paths, bodies and action calls go to every role. (The query
 * cases of the other three roles were a third of the test's 2.1 minutes in CI.)
 */
const QUERY_ROLES = new Set<Who>(['admin', 'rep', 'anonymous']);

function allCases(origin: string, who: Who): FuzzCase[] {
  return [
    ...(QUERY_ROLES.has(who) ? queryCases(ctx) : []),
    ...pathCases(ctx),
    ...exportPostCases(ctx, origin),
    ...envelopeCases(ctx, origin),
    ...actionCases(ctx, origin),
  ];
}

// One test, so the fingerprint taken before is compared after every role's requests (a failed
// test would restart the worker and lose them); each role is a step with its own soft check.
test('[fuzz] malformed queries, paths, bodies and action calls: no server error, no row changed', async () => {
  test.setTimeout(20 * 60_000);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  for (const who of [...(Object.keys(ROLES) as RoleKey[]), 'anonymous' as const]) {
    await test.step(who, async () => {
      await run(who, allCases(origin, who));
      const failed = results.filter((r) => r.who === who && r.problem);
      expect.soft(failed.map((r) => `${who} ${r.name} → ${r.problem}`)).toEqual([]);
    });
  }

  const after = await fingerprint(client);
  const changed = Object.keys({ ...before, ...after }).filter(
    (t) => before[t]?.rows !== after[t]?.rows || before[t]?.hash !== after[t]?.hash,
  );
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const failing = new Map<string, Set<string>>();
  for (const r of results.filter((r) => r.problem)) {
    const set = failing.get(r.name) ?? new Set<string>();
    set.add(`${r.who}: ${r.problem}`);
    failing.set(r.name, set);
  }
  const report = {
    requests: results.length,
    statuses,
    auditedReads: await auditedReads(client),
    tablesChanged: changed,
    failing: Object.fromEntries([...failing].map(([name, set]) => [name, [...set]])),
  };
  console.log(`[fuzz] ${JSON.stringify(report, null, 2)}`);
  await test
    .info()
    .attach('fuzz-report.json', { body: JSON.stringify(report, null, 2), contentType: 'application/json' });

  expect(results.length).toBeGreaterThanOrEqual(500);
  expect(changed, 'tables whose rows changed').toEqual([]);
});
