import 'server-only';
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { caseComments, cases, customers, slaPolicies, users } from '@/db/schema';
import { type AuditEntry, auditMany } from '@/lib/audit/audit';
import { isLocale, type Locale } from '@/lib/i18n/config';
import { type JobDefinition, prepareQueue } from '@/lib/jobs/queues';
import { mailConfig } from '@/lib/mail/config';
import { mailSendJob, queueStaffMail, type StaffMail } from '@/lib/mail/outbound';
import { publicBaseUrl } from './csat';
import { escalationEmail } from './escalation-email';

// The SLA breach check: every minute, cases whose first response or resolution is overdue (and whose
// clock runs: not pending) get their breach marked once, an internal note, an audit row, and the
// escalation their policy asks for (email the managers through the mail queue; optionally reassign).
// Idempotent: a breach is marked only where its marker is still empty, inside the same UPDATE, so a
// retried or concurrent run marks nothing twice; an advisory lock keeps a second server's run from
// even trying meanwhile. The escalation emails have a Message-ID made of the case, the breach kind and
// the recipient, so a breach marked again (after a priority change withdrew the marker) emails no one twice.

export type BreachKind = 'firstResponse' | 'resolution';

export type Breach = {
  caseId: string;
  number: number;
  kind: BreachKind;
  dueAt: Date;
  assigneeId: string | null;
  policyId: string | null;
};

/** Cases marked per run at most; the next minute takes the rest. */
const BATCH = 500;
const LOCK_KEY = 7_310_412; // any constant shared by all servers: "sla-breaches"

async function markKind(tx: Tx, kind: BreachKind, now: Date): Promise<Breach[]> {
  const fr = kind === 'firstResponse';
  const marker = fr ? cases.firstResponseBreachedAt : cases.resolutionBreachedAt;
  const due = fr ? cases.firstResponseDueAt : cases.resolutionDueAt;
  const overdue = tx
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        inArray(cases.status, ['new', 'open']),
        isNull(fr ? cases.firstRespondedAt : cases.resolvedAt),
        lte(due, now),
        isNull(marker),
        isNull(cases.slaPausedAt),
      ),
    )
    .orderBy(due)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  const marked = await tx
    .update(cases)
    .set(fr ? { firstResponseBreachedAt: now } : { resolutionBreachedAt: now })
    .where(and(inArray(cases.id, overdue), isNull(marker)))
    .returning({
      id: cases.id,
      number: cases.number,
      due,
      assigneeId: cases.assigneeId,
      policyId: cases.slaPolicyId,
    });
  return marked.map((r) => ({
    caseId: r.id,
    number: r.number,
    kind,
    dueAt: r.due!,
    assigneeId: r.assigneeId,
    policyId: r.policyId,
  }));
}

export type EscalationRecipient = { userId: string; name: string; email: string; locale: Locale };

/**
 * Whom an escalation emails: the managers of the assignee's team, or every active manager when
 * there is none. The schema has no teams yet (the queue's "team" view is every agent too), so it
 * is every active manager; each gets the email in their own language (users.locale, else English).
 */
export async function escalationRecipients(tx: Tx | typeof db): Promise<EscalationRecipient[]> {
  const found = await tx
    .select({ userId: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.role, 'manager'), eq(users.active, true)))
    .orderBy(users.email);
  return found.map((u) => ({ ...u, locale: isLocale(u.locale) ? u.locale : 'en' }));
}

/** The idempotency key of one escalation email: one per case, breach kind and recipient. */
export function escalationMessageId(b: Pick<Breach, 'caseId' | 'kind'>, userId: string, domain: string): string {
  return `<sla-${b.kind === 'firstResponse' ? 'first-response' : 'resolution'}.${b.caseId}.${userId}@${domain}>`;
}

const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The escalation emails of the breaches that notify (subject, customer and assignee in one query). */
async function escalationMails(tx: Tx, notify: Breach[], managers: EscalationRecipient[]): Promise<StaffMail[]> {
  if (notify.length === 0 || managers.length === 0) return [];
  const ids = [...new Set(notify.map((b) => b.caseId))];
  const info = await tx
    .select({ id: cases.id, subject: cases.subject, customerName: customers.name, assigneeName: users.name })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(users, eq(users.id, cases.assigneeId))
    .where(inArray(cases.id, ids));
  const byCase = new Map(info.map((c) => [c.id, c]));
  const { domain } = mailConfig();
  const base = publicBaseUrl();
  return notify.flatMap((b) => {
    const c = byCase.get(b.caseId);
    if (!c) return [];
    return managers.map((m) => ({
      messageId: escalationMessageId(b, m.userId, domain),
      to: m.email,
      ...escalationEmail(m.locale, {
        kind: b.kind,
        number: b.number,
        subject: c.subject,
        due: utcMinute(b.dueAt),
        customerName: c.customerName,
        assigneeName: c.assigneeName,
        recipientName: m.name,
        url: `${base}/cases/${b.caseId}`,
      }),
    }));
  });
}

const KIND_TEXT: Record<BreachKind, string> = { firstResponse: 'first response', resolution: 'resolution' };

/** The internal note's text (stored as written: notes are not translated). */
export function breachNote(
  b: Pick<Breach, 'kind' | 'dueAt'>,
  escalation: { notified: string[]; reassignedTo: string | null },
) {
  const parts = [`SLA breached: ${KIND_TEXT[b.kind]} was due ${utcMinute(b.dueAt)}.`];
  if (escalation.notified.length) parts.push(`Escalated to ${escalation.notified.join(', ')}.`);
  if (escalation.reassignedTo) parts.push(`Reassigned to ${escalation.reassignedTo}.`);
  return parts.join(' ');
}

/**
 * Marks the breaches due at `now` and escalates them; returns what was marked. Safe to run at any
 * moment and any number of times (a run finding another one running returns nothing).
 */
export async function runSlaBreachCheck(now: Date): Promise<Breach[]> {
  // The escalation emails are enqueued in the transaction: the queue must exist before it opens.
  await prepareQueue(mailSendJob);
  return db.transaction(async (tx) => {
    const [lock] = await rows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${sql.raw(String(LOCK_KEY))}) as ok`,
    );
    if (!lock?.ok) return [];
    const breaches = [...(await markKind(tx, 'firstResponse', now)), ...(await markKind(tx, 'resolution', now))];
    if (breaches.length === 0) return [];
    const policyIds = [...new Set(breaches.map((b) => b.policyId).filter((id): id is string => id !== null))];
    const policies = policyIds.length
      ? await tx
          .select({
            id: slaPolicies.id,
            notify: slaPolicies.escalateNotify,
            reassignTo: slaPolicies.escalateReassignTo,
            reassignName: users.name,
            reassignActive: users.active,
          })
          .from(slaPolicies)
          .leftJoin(users, eq(users.id, slaPolicies.escalateReassignTo))
          .where(inArray(slaPolicies.id, policyIds))
      : [];
    const byId = new Map(policies.map((p) => [p.id, p]));
    const managers = policies.some((p) => p.notify) ? await escalationRecipients(tx) : [];
    const notes: (typeof caseComments.$inferInsert)[] = [];
    const entries: AuditEntry[] = [];
    const reassign = new Map<string, { from: string | null; to: string }>();
    // Emails before any reassignment below: they name the assignee who let the target pass.
    await queueStaffMail(
      tx,
      await escalationMails(
        tx,
        breaches.filter((b) => b.policyId && byId.get(b.policyId)?.notify),
        managers,
      ),
    );
    for (const b of breaches) {
      const p = b.policyId ? byId.get(b.policyId) : undefined;
      const notified = p?.notify ? managers.map((m) => m.email) : [];
      // Reassign once per case, to an active user who does not already have it.
      const target =
        p?.reassignTo && p.reassignActive && b.assigneeId !== p.reassignTo && !reassign.has(b.caseId)
          ? p.reassignTo
          : null;
      if (target) reassign.set(b.caseId, { from: b.assigneeId, to: target });
      notes.push({
        caseId: b.caseId,
        authorId: null,
        isPublic: false,
        body: breachNote(b, { notified, reassignedTo: target ? p!.reassignName : null }),
        createdAt: now,
      });
      entries.push({
        action: 'sla_breach',
        entity: 'case',
        entityId: b.caseId,
        diff: { kind: b.kind, dueAt: b.dueAt.toISOString(), notified, reassignedTo: target },
      });
    }
    await tx.insert(caseComments).values(notes);
    const ids = [...new Set(breaches.map((b) => b.caseId))];
    await tx.update(cases).set({ escalatedAt: now }).where(inArray(cases.id, ids));
    for (const [caseId, { from, to }] of reassign) {
      await tx
        .update(cases)
        .set({ assigneeId: to, updatedAt: now, version: sql`${cases.version} + 1` })
        .where(eq(cases.id, caseId));
      entries.push({ action: 'reassign', entity: 'case', entityId: caseId, diff: { assigneeId: [from, to] } });
    }
    await auditMany(tx, null, entries);
    return breaches;
  });
}

/** Every minute; 'stately' keeps one waiting and one running across all servers. */
export const slaBreachJob: JobDefinition<object> = {
  name: 'sla-breaches',
  policy: 'stately',
  expireInSeconds: 5 * 60,
  retryLimit: 0,
  handler: async () => {
    const marked = await runSlaBreachCheck(new Date());
    if (marked.length) console.log(`[sla] marked ${marked.length} breach(es)`);
  },
};
