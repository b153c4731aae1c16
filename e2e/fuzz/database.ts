import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

// What the fuzz test reads beside HTTP: table fingerprints straight from the server's PostgreSQL
// database (E2E_DATABASE_URL), ids to aim at, and the build's server-action ids.

export type Fingerprint = Record<string, { rows: number; hash: string }>;

/**
 * Audit rows that record a read or a refused attempt, not a change: an export (a read that is
 * audited), and an import chunk that wrote nothing (every row rejected). Every other row of every
 * table counts.
 */
const NOT_A_CHANGE = `not (action = 'export' or (action = 'import'
  and coalesce((diff->>'created')::int, 0) = 0 and coalesce((diff->>'updated')::int, 0) = 0))`;

/**
 * Snapshots that scheduled jobs rewrite on their own clock (team counts every 5 minutes, the
 * duplicate scan, the analytics refresh), whatever requests arrive: they are not rows a request changed.
 */
const JOB_SNAPSHOTS = new Set([
  'team_counts',
  'duplicate_candidates',
  'duplicate_scans',
  'analytics_runs',
  'analytics_current',
  'customer_scores',
  'analytics_clusters',
  'analytics_basket_rules',
]);

/** Row count and an order-independent hash of every row, per table of the public schema. */
export async function fingerprint(client: pg.Client): Promise<Fingerprint> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Fingerprint = {};
  for (const { name } of tables) {
    if (JOB_SNAPSHOTS.has(name)) continue;
    const where = name === 'audit_log' ? `where ${NOT_A_CHANGE}` : '';
    const { rows } = await client.query<{ rows: number; hash: string | null }>(
      `select count(*)::int as rows, md5(string_agg(md5(t::text), '' order by md5(t::text))) as hash
       from "${name}" t ${where}`,
    );
    out[name] = { rows: rows[0].rows, hash: rows[0].hash ?? '' };
  }
  return out;
}

/** The audit rows the fingerprint leaves out, for the report. */
export async function auditedReads(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from audit_log where not (${NOT_A_CHANGE})`,
  );
  return rows[0].n;
}

export async function pickIds(client: pg.Client) {
  const one = async (query: string) => {
    const { rows } = await client.query<{ id: string }>(query);
    if (!rows[0]) throw new Error(`no row for: ${query}`);
    return rows[0].id;
  };
  const rep = await one(`select id from users where email = 'rep@lodestar.test'`);
  return {
    // A customer of the rep, with a contact, and one of someone else.
    customerId: await one(
      `select c.id from customers c join contacts k on k.customer_id = c.id
       where c.owner_id = '${rep}' and c.deleted_at is null and k.deleted_at is null order by c.id limit 1`,
    ),
    contactId: await one(
      `select k.id from contacts k join customers c on c.id = k.customer_id
       where c.owner_id = '${rep}' and k.deleted_at is null and c.deleted_at is null order by k.id limit 1`,
    ),
    otherCustomerId: await one(
      `select id from customers where owner_id <> '${rep}' and deleted_at is null order by id limit 1`,
    ),
    userId: rep,
  };
}

/**
 * Server actions of the build by exported name, each with a page URL that uses it. Next answers
 * an action POSTed to any page of the app; one that imports it avoids a forward.
 */
export function readActions(
  root: string,
  ids: { customers: string; contacts: string; users: string },
): Map<string, { id: string; path: string }> {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { exportedName: string; workers: Record<string, unknown> }>;
  };
  const actions = new Map<string, { id: string; path: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const page = Object.keys(entry.workers).sort((a, b) => a.length - b.length)[0];
    const segments = page
      .replace(/^app\//, '')
      .replace(/\/?page$/, '')
      .split('/')
      .filter((s) => s && !/^\(.*\)$/.test(s));
    const url = `/${segments.map((s, i) => (s === '[id]' ? ids[segments[i - 1] as keyof typeof ids] : s)).join('/')}`;
    actions.set(entry.exportedName, { id, path: url });
  }
  return actions;
}
