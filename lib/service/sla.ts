import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { cases, slaPolicies } from '@/db/schema';

// SLA due times of a case, stored on the case so that queues sort and filter by them in SQL.
// Every write that creates a case or changes what its SLA depends on (priority, status) calls
// refreshCaseSla in the same transaction.
//
// This first cut counts the policy's minutes around the clock from the case's creation; the
// business-hours calendar and the pause while a case waits on the customer replace it.

/**
 * Recomputes and stores the case's SLA policy (the active one for its priority) and its first-response
 * and resolution due times. A case that has no active policy for its priority has no due times.
 */
export async function refreshCaseSla(tx: Tx, caseId: string): Promise<void> {
  const [row] = await tx
    .select({ createdAt: cases.createdAt, priority: cases.priority })
    .from(cases)
    .where(eq(cases.id, caseId));
  if (!row) return;
  const [policy] = await tx
    .select({
      id: slaPolicies.id,
      firstResponseMinutes: slaPolicies.firstResponseMinutes,
      resolutionMinutes: slaPolicies.resolutionMinutes,
    })
    .from(slaPolicies)
    .where(sql`${slaPolicies.priority} = ${row.priority} and ${slaPolicies.active}`);
  const at = (minutes: number) => new Date(row.createdAt.getTime() + minutes * 60_000);
  await tx
    .update(cases)
    .set({
      slaPolicyId: policy?.id ?? null,
      firstResponseDueAt: policy ? at(policy.firstResponseMinutes) : null,
      resolutionDueAt: policy ? at(policy.resolutionMinutes) : null,
    })
    .where(eq(cases.id, caseId));
}
