import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { leads, settings, users } from '@/db/schema';
import { liveLead } from '@/lib/sales/visibility';

export type AssignmentMode = 'round_robin' | 'least_loaded';

/** Open leads: what "load" counts for the least-loaded rule. */
export const OPEN_LEAD_STATUSES = ['new', 'contacted', 'qualified'] as const;

/**
 * The owner of a new lead nobody was given to, by the company's assignment rule (settings):
 * 'round_robin' takes the active rep after the last one served (by id, wrapping around) and moves
 * the pointer; 'least_loaded' takes the active rep with the fewest open leads (ties: by id).
 * Returns null when no rep is active (a manager hands the lead out).
 *
 * Concurrency: it locks the settings row (FOR UPDATE) first, so captures on any number of servers
 * take turns here: two at once cannot both read the same pointer (round robin) or the same counts
 * (least loaded). The lock is held until `tx` commits, with the lead's insert, so the next caller
 * sees this lead in the counts. Call it inside the transaction that inserts the lead.
 */
export async function pickLeadOwner(tx: Tx): Promise<{ ownerId: string; mode: AssignmentMode } | null> {
  const [setting] = await tx
    .select({ mode: settings.leadAssignment, last: settings.leadRoundRobinLast })
    .from(settings)
    .where(eq(settings.id, 1))
    .for('update');
  const mode: AssignmentMode = setting?.mode ?? 'round_robin';
  if (mode === 'least_loaded') {
    const [row] = await rows<{ id: string }>(
      tx,
      sql`select ${users.id} as id from ${users}
          where ${users.role} = 'sales_rep' and ${users.active}
          order by (select count(*) from ${leads}
                    where ${leads.ownerId} = ${users.id} and ${liveLead()}
                      and ${leads.status} in ('new', 'contacted', 'qualified')), ${users.id}
          limit 1`,
    );
    return row ? { ownerId: row.id, mode } : null;
  }
  const reps = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'sales_rep'), eq(users.active, true)))
    .orderBy(asc(users.id));
  if (reps.length === 0) return null;
  const last = setting?.last ?? null;
  const next = (last ? reps.find((r) => r.id > last) : undefined) ?? reps[0];
  await tx.update(settings).set({ leadRoundRobinLast: next.id }).where(eq(settings.id, 1));
  return { ownerId: next.id, mode };
}
