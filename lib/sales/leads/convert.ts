import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { contacts, customers, dealStageHistory, deals, leads, pipelineStages } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { canEditCustomer, isLiveCustomer } from '@/lib/customers/visibility';
import { visibleLeads } from '@/lib/sales/visibility';
import { getSettings } from '@/lib/settings/settings';
import { leadOwnerIsActive } from './leads';
import { leadName } from './names';
import type { ConvertLeadInput } from './schemas';

export type ConvertResult = Result<
  { id: string; customerId: string; contactId: string; dealId: string | null },
  | 'forbidden'
  | 'notFound'
  | 'stale'
  | 'leadConverted'
  | 'leadUnqualified'
  | 'customerNotEditable'
  | 'noOpenStage'
  | 'ownerInactive'
>;

/**
 * Converts a lead in ONE transaction: a new customer (a company when the lead names one, else a
 * person) or an existing customer the viewer may edit (picked from the duplicate check), a contact
 * for the person, optionally a deal in the first open stage (with its first stage-history row and
 * `deals.lead_id`), and the lead marked converted with links to all three. Each write is audited.
 * Anything failing half-way rolls all of it back: the lead stays as it was.
 */
export async function convertLead(viewer: Viewer, input: ConvertLeadInput): Promise<ConvertResult> {
  if (!can(viewer, 'leads:write')) return { ok: false, reason: 'forbidden' };
  // Read before the transaction: on the embedded database a query outside it would wait for it.
  const { currency } = await getSettings();
  return db.transaction(async (tx) => {
    const [lead] = await tx
      .select()
      .from(leads)
      .where(and(eq(leads.id, input.id), visibleLeads(viewer)))
      .for('update');
    if (!lead) return { ok: false, reason: 'notFound' } as const;
    if (lead.status === 'converted') return { ok: false, reason: 'leadConverted' } as const;
    // Disqualified is a decision: it is taken back (a working status) before the lead becomes a customer.
    if (lead.status === 'unqualified') return { ok: false, reason: 'leadUnqualified' } as const;
    if (lead.version !== input.version) return { ok: false, reason: 'stale' } as const;
    // Every refusal comes before the first write: returning from the callback commits.
    const [stage] = input.createDeal
      ? await tx
          .select({ id: pipelineStages.id })
          .from(pipelineStages)
          .where(
            and(eq(pipelineStages.active, true), eq(pipelineStages.isWon, false), eq(pipelineStages.isLost, false)),
          )
          .orderBy(asc(pipelineStages.position))
          .limit(1)
      : [null];
    if (input.createDeal && !stage) return { ok: false, reason: 'noOpenStage' } as const;
    const ownerId = lead.ownerId ?? viewer.userId;
    // The customer and deal go to the lead's owner: one who has left (deactivated) would own work
    // nobody does; a manager gives the lead to someone active first.
    if (ownerId !== viewer.userId && !(await leadOwnerIsActive(ownerId, tx)))
      return { ok: false, reason: 'ownerInactive' } as const;
    const personName = leadName(lead.firstName, lead.lastName);

    let customerId: string;
    if (input.customerId) {
      const [existing] = await tx
        .select({ id: customers.id, ownerId: customers.ownerId, deletedAt: customers.deletedAt })
        .from(customers)
        .where(eq(customers.id, input.customerId))
        .for('update');
      if (!existing || !isLiveCustomer(existing)) return { ok: false, reason: 'notFound' } as const;
      if (!canEditCustomer(viewer, existing)) return { ok: false, reason: 'customerNotEditable' } as const;
      customerId = existing.id;
      await audit(tx, viewer, {
        action: 'attachLead',
        entity: 'customer',
        entityId: customerId,
        diff: { leadId: lead.id },
      });
    } else {
      const values = {
        kind: lead.company ? ('company' as const) : ('person' as const),
        name: lead.company ?? personName,
        email: lead.email,
        phone: lead.phone,
        industry: lead.industry,
        source: lead.source,
        ownerId,
      };
      const [created] = await tx.insert(customers).values(values).returning({ id: customers.id });
      customerId = created.id;
      await audit(tx, viewer, {
        action: 'create',
        entity: 'customer',
        entityId: customerId,
        diff: { ...values, leadId: lead.id },
      });
    }

    const contact = {
      customerId,
      firstName: lead.firstName,
      lastName: lead.lastName,
      email: lead.email,
      phone: lead.phone,
      title: lead.title,
      isPrimary: !input.customerId,
    };
    const [{ id: contactId }] = await tx.insert(contacts).values(contact).returning({ id: contacts.id });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'contact',
      entityId: contactId,
      diff: { ...contact, leadId: lead.id },
    });

    let dealId: string | null = null;
    if (input.createDeal && stage) {
      const deal = {
        name: input.dealName ?? `${lead.company ?? personName}`,
        customerId,
        contactId,
        ownerId,
        stageId: stage.id,
        amount: input.dealAmount,
        currency,
        expectedCloseDate: input.dealCloseDate,
        leadId: lead.id,
      };
      const [created] = await tx
        .insert(deals)
        .values({
          ...deal,
          // On top of the stage's column on the board.
          position: sql`(select coalesce(min(${deals.position}), 0) - 1 from ${deals} where ${deals.stageId} = ${stage.id})`,
        })
        .returning({ id: deals.id });
      dealId = created.id;
      await tx
        .insert(dealStageHistory)
        .values({ dealId, fromStageId: null, toStageId: stage.id, changedBy: viewer.userId });
      await audit(tx, viewer, { action: 'create', entity: 'deal', entityId: dealId, diff: deal });
    }

    await tx
      .update(leads)
      .set({
        status: 'converted',
        convertedAt: sql`now()`,
        convertedCustomerId: customerId,
        convertedContactId: contactId,
        convertedDealId: dealId,
        ownerId,
        lastActivityAt: sql`now()`,
        updatedAt: sql`now()`,
        version: sql`${leads.version} + 1`,
      })
      .where(and(eq(leads.id, lead.id), eq(leads.version, input.version)));
    await audit(tx, viewer, {
      action: 'convert',
      entity: 'lead',
      entityId: lead.id,
      diff: { customerId, contactId, dealId, attached: Boolean(input.customerId) },
    });
    return { ok: true, id: lead.id, customerId, contactId, dealId } as const;
  });
}
