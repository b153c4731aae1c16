import 'server-only';
import { and, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { customers, deals, type LeadDuplicate, type LeadScoreReason, leadSearchExpr, leads, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields, reassignOwners } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { likePattern } from '@/lib/customers/filters';
import { canEditCustomer, liveCustomer } from '@/lib/customers/visibility';
import { countCapped } from '@/lib/pagination';
import { LEAD_OWNER_ROLES, liveLead, visibleLeads } from '@/lib/sales/visibility';
import { pickLeadOwner } from './assignment';
import { findLeadDuplicates } from './duplicates';
import { leadName } from './names';
import type { LeadFilter, LeadInput, LeadStatus, LeadStatusInput, UpdateLeadInput } from './schemas';
import { scoreWith } from './score-rules';

export type LeadListRow = {
  id: string;
  firstName: string;
  lastName: string | null;
  company: string | null;
  email: string | null;
  source: string | null;
  status: LeadStatus;
  score: number;
  ownerId: string | null;
  ownerName: string | null;
  capturedVia: string;
  duplicateCount: number;
  createdAt: Date;
};

const listColumns = {
  id: leads.id,
  firstName: leads.firstName,
  lastName: leads.lastName,
  company: leads.company,
  email: leads.email,
  source: leads.source,
  status: leads.status,
  score: leads.score,
  ownerId: leads.ownerId,
  ownerName: users.name,
  capturedVia: leads.capturedVia,
  duplicateCount: sql<number>`jsonb_array_length(${leads.duplicates})::int`,
  createdAt: leads.createdAt,
};

/** The WHERE of a list filter, always with the viewer's visibility rule; the owner filter only for those who assign. */
export function leadWhere(viewer: Viewer, f: Partial<LeadFilter>): SQL {
  const conditions: SQL[] = [visibleLeads(viewer)];
  if (f.q) conditions.push(sql`${leadSearchExpr(leads)} ilike ${likePattern(f.q)}`);
  if (f.status) conditions.push(eq(leads.status, f.status));
  if (f.source) conditions.push(sql`lower(${leads.source}) = lower(${f.source})`);
  if (can(viewer, 'leads:assign')) {
    if (f.owner === 'me') conditions.push(eq(leads.ownerId, viewer.userId));
    else if (f.owner === 'none') conditions.push(isNull(leads.ownerId));
    else if (f.owner) conditions.push(eq(leads.ownerId, f.owner));
  }
  if (f.scoreMin !== undefined) conditions.push(gte(leads.score, f.scoreMin));
  if (f.scoreMax !== undefined) conditions.push(lte(leads.score, f.scoreMax));
  return and(...conditions) as SQL;
}

/** `key dir, id dir`: served by leads_created_idx / leads_score_idx (or their owner-first twins for a rep). */
function leadOrder(f: Pick<LeadFilter, 'sort' | 'dir'>): SQL[] {
  const dir = sql.raw(f.dir === 'asc' ? 'asc' : 'desc');
  const key = f.sort === 'score' ? leads.score : leads.createdAt;
  return [sql`${key} ${dir}`, sql`${leads.id} ${dir}`];
}

/** A page of the lead list: the page's ids from leads alone, then their owners' names for those rows only. */
export async function listLeads(
  viewer: Viewer,
  f: LeadFilter,
): Promise<{ rows: LeadListRow[]; total: number; totalExact: boolean }> {
  if (!can(viewer, 'leads:read')) return { rows: [], total: 0, totalExact: true };
  const where = leadWhere(viewer, f);
  const pageIds = db
    .select({ id: leads.id })
    .from(leads)
    .where(where)
    .orderBy(...leadOrder(f))
    .limit(f.size)
    .offset((f.page - 1) * f.size);
  const [page, total] = await Promise.all([
    db
      .select(listColumns)
      .from(leads)
      .leftJoin(users, eq(users.id, leads.ownerId))
      .where(inArray(leads.id, pageIds))
      .orderBy(...leadOrder(f)),
    countCapped(db, db.select({ id: leads.id }).from(leads).where(where)),
  ]);
  return { rows: page as LeadListRow[], total: total.value, totalExact: total.exact };
}

/**
 * The sources in use among the viewer's leads, for the filter menu (at most 50). A skip scan over
 * leads_source_idx (one probe per distinct source, a handful) instead of reading every lead; each
 * source is then kept if some lead the viewer sees has it.
 */
export async function listLeadSources(viewer: Viewer): Promise<string[]> {
  if (!can(viewer, 'leads:read')) return [];
  const found = await rows<{ v: string }>(
    db,
    sql`with recursive walk(v, n) as (
          (select ${leads.source}, 1 from ${leads} where ${leads.source} is not null and ${liveLead()} order by ${leads.source} limit 1)
          union all
          select (select ${leads.source} from ${leads} where ${leads.source} > walk.v and ${liveLead()} order by ${leads.source} limit 1), n + 1
          from walk where walk.v is not null and n < 200)
        select v from walk
        where v is not null and exists (select 1 from ${leads} where ${leads.source} = walk.v and ${visibleLeads(viewer)})
        limit 50`,
  );
  return found.map((r) => r.v);
}

export type LeadDetail = LeadListRow & {
  phone: string | null;
  title: string | null;
  industry: string | null;
  employees: number | null;
  notes: string | null;
  unqualifiedReason: string | null;
  scoreReasons: LeadScoreReason[];
  duplicates: LeadDuplicate[];
  /** Look-alike leads the viewer may not see (another rep's). */
  hiddenDuplicates: number;
  lastActivityAt: Date | null;
  capturePage: string | null;
  convertedAt: Date | null;
  convertedCustomerId: string | null;
  convertedCustomerName: string | null;
  convertedDealId: string | null;
  convertedDealName: string | null;
  version: number;
  /** The viewer may change it: may write leads, and it is not converted (a converted lead is read-only). */
  canEdit: boolean;
};

/** One lead, or null when missing, deleted, or not the viewer's to see (the same answer for all three). */
export async function getLead(viewer: Viewer, id: string): Promise<LeadDetail | null> {
  if (!can(viewer, 'leads:read')) return null;
  const [row] = await db
    .select({
      ...listColumns,
      phone: leads.phone,
      title: leads.title,
      industry: leads.industry,
      employees: leads.employees,
      notes: leads.notes,
      unqualifiedReason: leads.unqualifiedReason,
      scoreReasons: leads.scoreReasons,
      duplicates: leads.duplicates,
      lastActivityAt: leads.lastActivityAt,
      capturePage: leads.capturePage,
      convertedAt: leads.convertedAt,
      convertedCustomerId: leads.convertedCustomerId,
      convertedCustomerName: customers.name,
      convertedDealId: leads.convertedDealId,
      convertedDealName: deals.name,
      version: leads.version,
    })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.ownerId))
    .leftJoin(customers, eq(customers.id, leads.convertedCustomerId))
    .leftJoin(deals, eq(deals.id, leads.convertedDealId))
    .where(and(eq(leads.id, id), visibleLeads(viewer)))
    .limit(1);
  if (!row) return null;
  // Look-alike leads the viewer may not open (another rep's) are counted, never named.
  const leadIds = row.duplicates.filter((d) => d.kind === 'lead').map((d) => d.id);
  const visible = leadIds.length
    ? new Set(
        (
          await db
            .select({ id: leads.id })
            .from(leads)
            .where(and(inArray(leads.id, leadIds), visibleLeads(viewer)))
        ).map((r) => r.id),
      )
    : new Set<string>();
  const duplicates = row.duplicates.filter((d) => d.kind === 'customer' || visible.has(d.id));
  return {
    ...(row as Omit<LeadDetail, 'canEdit' | 'hiddenDuplicates'>),
    duplicates,
    hiddenDuplicates: row.duplicates.length - duplicates.length,
    canEdit: can(viewer, 'leads:write') && row.status !== 'converted',
  };
}

/** Whether a user may own leads: active, in a role that works leads. Asked inside the saving transaction. */
export async function leadOwnerIsActive(ownerId: string, executor: Db | Tx): Promise<boolean> {
  const [row] = await executor
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerId), eq(users.active, true), inArray(users.role, [...LEAD_OWNER_ROLES])))
    .limit(1);
  return Boolean(row);
}

/** What the lead tables store of a person, with the score and look-alikes worked out from it. */
type LeadValues = Omit<LeadInput, 'ownerId'> & {
  ownerId: string | null;
  lastActivityAt?: Date | null;
  capturedVia?: 'manual' | 'web_form';
  captureIp?: string | null;
  capturePage?: string | null;
};

/**
 * Inserts a lead inside `tx`: scores it, finds its look-alikes, and when it has no owner gives it
 * one by the assignment rule (audited as an assignment by the rule). `actor` is null for a capture.
 */
export async function insertLead(
  tx: Tx,
  actor: Pick<Viewer, 'userId'> | null,
  values: LeadValues,
): Promise<{ id: string; ownerId: string | null }> {
  let ownerId = values.ownerId;
  let rule: string | null = null;
  if (!ownerId) {
    const picked = await pickLeadOwner(tx);
    ownerId = picked?.ownerId ?? null;
    rule = picked?.mode ?? null;
  }
  const { score, reasons } = await scoreWith(tx, { ...values, lastActivityAt: values.lastActivityAt ?? null });
  const duplicates = await findLeadDuplicates(tx, values, null);
  const [created] = await tx
    .insert(leads)
    .values({ ...values, ownerId, score, scoreReasons: reasons, duplicates })
    .returning({ id: leads.id });
  await audit(tx, actor, {
    action: 'create',
    entity: 'lead',
    entityId: created.id,
    diff: { ...values, ownerId, score },
  });
  if (rule) await audit(tx, null, { action: 'assign', entity: 'lead', entityId: created.id, diff: { ownerId, rule } });
  return { id: created.id, ownerId };
}

export type LeadMutation = Result<
  { id: string },
  'forbidden' | 'notFound' | 'stale' | 'ownerInactive' | 'leadConverted'
>;

/** A lead typed in by a user: a rep's is theirs; a manager or admin may pick the owner or leave it to the rule. */
export async function createLead(viewer: Viewer, input: LeadInput): Promise<LeadMutation> {
  if (!can(viewer, 'leads:write')) return { ok: false, reason: 'forbidden' };
  const ownerId = can(viewer, 'leads:assign') ? input.ownerId : viewer.userId;
  return db.transaction(async (tx) => {
    if (ownerId && !(await leadOwnerIsActive(ownerId, tx))) return { ok: false, reason: 'ownerInactive' } as const;
    const { id } = await insertLead(tx, viewer, {
      ...input,
      ownerId,
      unqualifiedReason: input.status === 'unqualified' ? input.unqualifiedReason : null,
      lastActivityAt: input.status === 'new' ? null : new Date(),
    });
    return { ok: true, id } as const;
  });
}

type LeadChange = Partial<Omit<UpdateLeadInput, 'id' | 'version'>> & { id: string; version: number };

/**
 * The one way a lead changes: locked, visible to the viewer (another rep's lead is "not found"),
 * not converted, at the version the viewer read; then rescored, its look-alikes found again, and
 * the change audited. A status change counts as activity (activity score rules).
 */
async function changeLead(viewer: Viewer, change: LeadChange): Promise<LeadMutation> {
  if (!can(viewer, 'leads:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(leads)
      .where(and(eq(leads.id, change.id), visibleLeads(viewer)))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    if (before.status === 'converted') return { ok: false, reason: 'leadConverted' } as const;
    if (before.version !== change.version) return { ok: false, reason: 'stale' } as const;
    const { id, version, ...fields } = change;
    // Only those who assign change the owner; a rep's edit keeps it.
    if (!can(viewer, 'leads:assign') || fields.ownerId === undefined) fields.ownerId = before.ownerId;
    if (fields.ownerId && fields.ownerId !== before.ownerId && !(await leadOwnerIsActive(fields.ownerId, tx)))
      return { ok: false, reason: 'ownerInactive' } as const;
    const status = fields.status ?? before.status;
    if (status !== 'unqualified') fields.unqualifiedReason = null;
    const diff = changedFields(before as Record<string, unknown>, fields);
    if (Object.keys(diff).length === 0) return { ok: true, id } as const;
    const next = { ...before, ...fields };
    const lastActivityAt = 'status' in diff ? new Date() : before.lastActivityAt;
    const { score, reasons } = await scoreWith(tx, { ...next, lastActivityAt });
    const duplicates = await findLeadDuplicates(tx, next, id);
    await tx
      .update(leads)
      .set({
        ...fields,
        lastActivityAt,
        score,
        scoreReasons: reasons,
        duplicates,
        updatedAt: sql`now()`,
        version: sql`${leads.version} + 1`,
      })
      .where(and(eq(leads.id, id), eq(leads.version, version)));
    await audit(tx, viewer, { action: 'update', entity: 'lead', entityId: id, diff });
    return { ok: true, id } as const;
  });
}

export async function updateLead(viewer: Viewer, input: UpdateLeadInput): Promise<LeadMutation> {
  return changeLead(viewer, input);
}

/** contacted / qualified / unqualified (with its reason) / back to new, from the lead page. */
export async function setLeadStatus(viewer: Viewer, input: LeadStatusInput): Promise<LeadMutation> {
  return changeLead(viewer, input);
}

/** Gives the selected leads to one owner (managers and admins). Converted leads keep theirs. Returns how many changed. */
export async function bulkAssignLeads(
  viewer: Viewer,
  ids: string[],
  ownerId: string,
): Promise<Result<{ changed: number }, 'forbidden' | 'ownerInactive'>> {
  if (!can(viewer, 'leads:assign')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    if (!(await leadOwnerIsActive(ownerId, tx))) return { ok: false, reason: 'ownerInactive' } as const;
    const changed = await reassignOwners(
      tx,
      viewer,
      { table: leads, entity: 'lead' },
      ids,
      and(visibleLeads(viewer), sql`${leads.status} <> 'converted'`)!,
      ownerId,
    );
    return { ok: true, changed: changed.length } as const;
  });
}

/** Leads converted into a customer, for the customer's 360 page (any viewer who reads leads sees their own). */
export async function listCustomerLeads(
  viewer: Viewer,
  customerId: string,
): Promise<{ id: string; name: string; convertedAt: Date | null }[]> {
  if (!can(viewer, 'leads:read')) return [];
  const found = await db
    .select({ id: leads.id, first: leads.firstName, last: leads.lastName, convertedAt: leads.convertedAt })
    .from(leads)
    .where(and(eq(leads.convertedCustomerId, customerId), visibleLeads(viewer), liveLead()))
    .limit(20);
  return found.map((l) => ({
    id: l.id,
    name: leadName(l.first, l.last),
    convertedAt: l.convertedAt,
  }));
}

export type ConvertTarget = { id: string; name: string; match: LeadDuplicate['match']; editable: boolean };

/**
 * The existing customers a lead could be converted into: its customer look-alikes that are still
 * live, each marked whether the viewer may add a contact to it (a rep: their own customers).
 */
export async function listConvertTargets(
  viewer: Viewer,
  lead: Pick<LeadDetail, 'duplicates'>,
): Promise<ConvertTarget[]> {
  const matches = lead.duplicates.filter((d) => d.kind === 'customer');
  if (!can(viewer, 'leads:write') || matches.length === 0) return [];
  const found = await db
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
    .from(customers)
    .where(
      and(
        inArray(
          customers.id,
          matches.map((m) => m.id),
        ),
        liveCustomer(),
      ),
    );
  return found.map((c) => ({
    id: c.id,
    name: c.name,
    match: matches.find((m) => m.id === c.id)?.match ?? 'name',
    editable: canEditCustomer(viewer, c),
  }));
}
