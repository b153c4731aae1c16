import { randomBytes } from 'node:crypto';
import { db } from '@/db/client';
import {
  activities,
  analyticsRuns,
  campaignMembers,
  campaigns,
  caseComments,
  cases,
  contacts,
  customerScores,
  customers,
  dealStageHistory,
  deals,
  leads,
  orderItems,
  orders,
  pipelineStages,
  quotes,
} from '@/db/schema';
import { createScoresPartition } from '@/lib/analytics/partitions';

// Test-only: a customer with rows in every table a merge moves. The sales, service and marketing
// data layers do not exist yet, so rows are inserted directly.

const uid = () => randomBytes(5).toString('hex');

export async function insertCustomer(
  values: Partial<typeof customers.$inferInsert> = {},
): Promise<typeof customers.$inferSelect> {
  const [row] = await db
    .insert(customers)
    .values({ kind: 'person', name: `Customer ${uid()}`, ...values })
    .returning();
  return row;
}

let stageId: string | undefined;
async function stage(): Promise<string> {
  if (stageId) return stageId;
  const [{ id }] = await db
    .insert(pipelineStages)
    .values({ name: 'Qualify', position: Math.floor(Math.random() * 1e6), probability: 20 })
    .returning({ id: pipelineStages.id });
  stageId = id;
  return id;
}

export async function insertCampaign(): Promise<string> {
  const [{ id }] = await db
    .insert(campaigns)
    .values({ name: `Campaign ${uid()}`, subject: 'Hello', bodyText: 'Hi' })
    .returning({ id: campaigns.id });
  return id;
}

export async function insertRun(): Promise<string> {
  const [{ id }] = await db
    .insert(analyticsRuns)
    .values({ status: 'succeeded', asOf: new Date() })
    .returning({ id: analyticsRuns.id });
  return id;
}

export type RelatedRows = {
  contacts: number;
  activities: number;
  orders: number;
  deals: number;
  cases: number;
  quotes: number;
  leads: number;
  campaignMembers: number;
};

/**
 * Gives `customerId` `n` rows in each related table (n contacts, the first primary; n activities;
 * n orders with two items; n deals with stage history; n cases with a comment; n quotes; one
 * converted lead; memberships of `campaignIds`; a score in `runId`). Returns how many of each.
 */
export async function addRelatedRows(
  customerId: string,
  n: number,
  campaignIds: string[],
  runId: string,
  ownerId: string | null = null,
): Promise<RelatedRows> {
  const stageId = await stage();
  const contactRows = await db
    .insert(contacts)
    .values(Array.from({ length: n }, (_, i) => ({ customerId, firstName: `Contact ${i}`, isPrimary: i === 0 })))
    .returning({ id: contacts.id });
  await db.insert(activities).values(
    Array.from({ length: n }, (_, i) => ({
      customerId,
      contactId: contactRows[i].id,
      type: 'call' as const,
      subject: `Call ${i}`,
      ownerId,
    })),
  );
  const orderRows = await db
    .insert(orders)
    .values(
      Array.from({ length: n }, () => ({
        customerId,
        number: `O-${uid()}`,
        orderedAt: new Date(),
        total: '30.00',
        ownerId,
      })),
    )
    .returning({ id: orders.id });
  await db
    .insert(orderItems)
    .values(
      orderRows.flatMap(({ id }) =>
        [1, 2].map(() => ({ orderId: id, quantity: '1', unitPrice: '15.00', lineTotal: '15.00' })),
      ),
    );
  const dealRows = await db
    .insert(deals)
    .values(
      Array.from({ length: n }, (_, i) => ({ customerId, name: `Deal ${i}`, stageId, amount: '100.00', ownerId })),
    )
    .returning({ id: deals.id });
  await db.insert(dealStageHistory).values(dealRows.map(({ id }) => ({ dealId: id, toStageId: stageId })));
  const caseRows = await db
    .insert(cases)
    .values(Array.from({ length: n }, (_, i) => ({ customerId, subject: `Case ${i}` })))
    .returning({ id: cases.id });
  await db.insert(caseComments).values(caseRows.map(({ id }) => ({ caseId: id, body: 'Looking into it' })));
  await db.insert(quotes).values(Array.from({ length: n }, () => ({ customerId, number: `Q-${uid()}` })));
  await db
    .insert(leads)
    .values({ firstName: 'Converted', status: 'converted', convertedAt: new Date(), convertedCustomerId: customerId });
  if (campaignIds.length) {
    await db.insert(campaignMembers).values(
      campaignIds.map((campaignId) => ({
        campaignId,
        customerId,
        email: `m-${uid()}@example.com`,
        token: uid() + uid(),
      })),
    );
  }
  await createScoresPartition(db, runId);
  await db.insert(customerScores).values({ runId, customerId, frequency: n, monetary: '30.00' });
  return {
    contacts: n,
    activities: n,
    orders: n,
    deals: n,
    cases: n,
    quotes: n,
    leads: 1,
    campaignMembers: campaignIds.length,
  };
}
