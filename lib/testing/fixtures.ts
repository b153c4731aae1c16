import { db } from '@/db/client';
import { cases, customers, deals, orders, pipelineStages } from '@/db/schema';

let seq = 0;

/** Inserts a customer directly (bypassing actions) for test setup. */
export async function insertCustomer(values: Partial<typeof customers.$inferInsert> & { ownerId: string | null }) {
  seq++;
  const [row] = await db
    .insert(customers)
    .values({ kind: 'company', name: `Test Customer ${seq}`, email: `customer${seq}@example.com`, ...values })
    .returning();
  return row;
}

export async function insertStage(): Promise<string> {
  seq++;
  const [stage] = await db
    .insert(pipelineStages)
    .values({ name: `Stage ${seq}`, position: 1000 + seq, probability: 50 })
    .returning({ id: pipelineStages.id });
  return stage.id;
}

export async function insertDeal(customerId: string, ownerId: string | null, stageId: string) {
  seq++;
  const [row] = await db
    .insert(deals)
    .values({ name: `Deal ${seq}`, customerId, ownerId, stageId, amount: '1000.00' })
    .returning();
  return row;
}

export async function insertCase(customerId: string, assigneeId: string | null) {
  seq++;
  const [row] = await db
    .insert(cases)
    .values({ customerId, assigneeId, subject: `Case ${seq}` })
    .returning();
  return row;
}

export async function insertOrder(
  customerId: string,
  total: string,
  orderedAt: Date,
  status: 'paid' | 'fulfilled' | 'cancelled' | 'refunded' = 'fulfilled',
  ownerId: string | null = null,
) {
  seq++;
  const [row] = await db
    .insert(orders)
    .values({
      number: `T-${seq}-${Math.random().toString(36).slice(2, 8)}`,
      customerId,
      total,
      orderedAt,
      status,
      ownerId,
    })
    .returning();
  return row;
}
