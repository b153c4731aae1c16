import 'server-only';
import { lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { loginAttempts } from '@/db/schema';
import { pruneExpiredSessions } from '@/lib/auth/sessions';
import { THROTTLE } from '@/lib/auth/throttle';
import type { JobDefinition } from './queues';

/** Login attempts are kept this long: well past the throttle window, long enough to look into an attack. */
export const LOGIN_ATTEMPT_RETENTION_DAYS = 7;
const BATCH = 5000;

/**
 * Deletes what only grows: login attempts older than the retention (never inside the throttle
 * window) and expired sessions, in bounded batches so one run never holds locks for long.
 */
export async function pruneAuthRecords(): Promise<{ loginAttempts: number; sessions: number }> {
  const days = Math.max(LOGIN_ATTEMPT_RETENTION_DAYS, Math.ceil(THROTTLE.windowMinutes / 1440) + 1);
  let attempts = 0;
  for (;;) {
    const [{ n }] = await rows<{ n: number }>(
      db,
      sql`with gone as (
            delete from ${loginAttempts} where ${loginAttempts.id} in (
              select ${loginAttempts.id} from ${loginAttempts}
              where ${lt(loginAttempts.at, sql`now() - make_interval(days => ${days})`)} limit ${BATCH})
            returning 1)
          select count(*)::int as n from gone`,
    );
    attempts += n;
    if (n < BATCH) break;
  }
  let sessions = 0;
  for (;;) {
    const n = await pruneExpiredSessions(BATCH);
    sessions += n;
    if (n < BATCH) break;
  }
  return { loginAttempts: attempts, sessions };
}

export const pruneAuthRecordsJob: JobDefinition<object> = {
  name: 'maintenance-prune-auth',
  policy: 'stately',
  expireInSeconds: 15 * 60,
  handler: async () => {
    const pruned = await pruneAuthRecords();
    if (pruned.loginAttempts + pruned.sessions > 0) console.log('[jobs] pruned', pruned);
  },
};
