import 'server-only';
import { and, asc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { cases, contacts, customers, settings, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { CaseAssignmentMode, CaseSettingsInput } from './case-schemas';

// Who gets a case nobody was given to: the company's rule in settings (manual, round robin or least
// loaded among active service agents, optionally only those who speak the customer's language).

export type CaseSettings = { caseAssignment: CaseAssignmentMode; caseAssignmentByLanguage: boolean; version: number };

const settingColumns = {
  caseAssignment: settings.caseAssignment,
  caseAssignmentByLanguage: settings.caseAssignmentByLanguage,
  version: settings.version,
};

/** The case assignment rule (settings:read). */
export async function getCaseSettings(viewer: Viewer): Promise<CaseSettings | null> {
  if (!can(viewer, 'settings:read')) return null;
  const [row] = await db.select(settingColumns).from(settings).where(eq(settings.id, 1));
  return row ?? null;
}

/** Admins change the rule; version-locked and audited like the other settings. */
export async function updateCaseSettings(
  viewer: Viewer,
  input: CaseSettingsInput,
): Promise<Result<object, 'forbidden' | 'stale'>> {
  if (!can(viewer, 'settings:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx.select(settingColumns).from(settings).where(eq(settings.id, 1)).for('update');
    if (!before || before.version !== input.version) return { ok: false, reason: 'stale' } as const;
    const { version, ...next } = input;
    await tx
      .update(settings)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${settings.version} + 1` })
      .where(and(eq(settings.id, 1), eq(settings.version, version)));
    await audit(tx, viewer, { action: 'update', entity: 'settings', entityId: '1', diff: changedFields(before, next) });
    return { ok: true } as const;
  });
}

/** 'zh-CN' → 'zh': languages match on the primary subtag. */
export function languageOf(locale: string | null | undefined): string | null {
  const lang = locale?.split('-')[0]?.trim().toLowerCase();
  return lang ? lang : null;
}

/** The language of a case's contact, else of its customer, when either is known. */
async function caseLanguage(tx: Tx, customerId: string, contactId: string | null): Promise<string | null> {
  const [row] = await rows<{ locale: string | null }>(
    tx,
    sql`select coalesce((select ${contacts.locale} from ${contacts} where ${contacts.id} = ${contactId}),
                        (select ${customers.locale} from ${customers} where ${customers.id} = ${customerId})) as locale`,
  );
  return languageOf(row?.locale);
}

export type AssigneePick = { assigneeId: string; mode: Exclude<CaseAssignmentMode, 'manual'>; language: string | null };

/**
 * The agent a new (or handed-back) case goes to by the company's rule, or null when the rule is
 * manual or no agent is active. `exclude` is an agent who must not get it (the absent one).
 *
 * Concurrency: the settings row is locked (FOR UPDATE) first, so assignments on any number of
 * servers take turns: two cannot read the same round-robin pointer or the same loads. The lock
 * holds until `tx` commits with the case's assignee, so the next caller counts it. Call it inside
 * the transaction that writes the case.
 */
export async function pickCaseAssignee(
  tx: Tx,
  target: { customerId: string; contactId: string | null; exclude?: string | null },
): Promise<AssigneePick | null> {
  const [setting] = await tx
    .select({
      mode: settings.caseAssignment,
      byLanguage: settings.caseAssignmentByLanguage,
      last: settings.caseRoundRobinLast,
    })
    .from(settings)
    .where(eq(settings.id, 1))
    .for('update');
  if (!setting || setting.mode === 'manual') return null;
  const base: SQL[] = [eq(users.role, 'service_agent'), eq(users.active, true)];
  if (target.exclude) base.push(ne(users.id, target.exclude));
  let language: string | null = null;
  let where = and(...base) as SQL;
  if (setting.byLanguage) {
    language = await caseLanguage(tx, target.customerId, target.contactId);
    // Only agents who speak it, when any does; otherwise everyone (a case is never left unassigned for it).
    if (language) {
      const speaks = and(...base, sql`lower(split_part(${users.locale}, '-', 1)) = ${language}`) as SQL;
      const [any] = await tx.select({ id: users.id }).from(users).where(speaks).limit(1);
      if (any) where = speaks;
      else language = null;
    }
  }
  if (setting.mode === 'least_loaded') {
    const [row] = await rows<{ id: string }>(
      tx,
      sql`select ${users.id} as id from ${users} where ${where}
          order by (select count(*) from ${cases} where ${cases.assigneeId} = ${users.id}
                      and ${cases.status} in ('new','open','pending')), ${users.id}
          limit 1`,
    );
    return row ? { assigneeId: row.id, mode: 'least_loaded', language } : null;
  }
  const agents = await tx.select({ id: users.id }).from(users).where(where).orderBy(asc(users.id));
  if (agents.length === 0) return null;
  const last = setting.last;
  const next = (last ? agents.find((a) => a.id > last) : undefined) ?? agents[0];
  await tx.update(settings).set({ caseRoundRobinLast: next.id }).where(eq(settings.id, 1));
  return { assigneeId: next.id, mode: 'round_robin', language };
}

/**
 * Hands the open cases of an inactive or absent agent to others by the assignment rule (back to the
 * unassigned queue when it is manual or nobody else is active). Managers and admins. Each move is
 * audited with the rule that made it. Returns how many cases moved.
 */
export async function reassignAgentCases(
  viewer: Viewer,
  agentId: string,
): Promise<Result<{ changed: number }, 'forbidden'>> {
  if (!can(viewer, 'cases:reassign')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const open = await tx
      .select({ id: cases.id, customerId: cases.customerId, contactId: cases.contactId })
      .from(cases)
      .where(and(eq(cases.assigneeId, agentId), inArray(cases.status, ['new', 'open', 'pending'])))
      .orderBy(asc(cases.slaDueAt), asc(cases.id))
      .for('update');
    // One pick per case, in order: each pick counts the cases the previous ones handed out.
    for (const c of open) {
      const pick = await pickCaseAssignee(tx, { customerId: c.customerId, contactId: c.contactId, exclude: agentId });
      const assigneeId = pick?.assigneeId ?? null;
      await tx
        .update(cases)
        .set({ assigneeId, updatedAt: sql`now()`, version: sql`${cases.version} + 1` })
        .where(eq(cases.id, c.id));
      await audit(tx, viewer, {
        action: 'assign',
        entity: 'case',
        entityId: c.id,
        diff: { assigneeId: [agentId, assigneeId], rule: pick?.mode ?? 'manual', reason: 'agentAbsent' },
      });
    }
    return { ok: true, changed: open.length } as const;
  });
}

/** Agents (active or not) who hold open cases, with how many: the choices of "reassign an absent agent's cases". */
export async function listAgentsWithOpenCases(
  viewer: Viewer,
): Promise<{ id: string; name: string; active: boolean; open: number }[]> {
  if (!can(viewer, 'cases:reassign')) return [];
  return rows<{ id: string; name: string; active: boolean; open: number }>(
    db,
    sql`select ${users.id} as id, ${users.name} as name, ${users.active} as active, count(*)::int as open
        from ${users} join ${cases} on ${cases.assigneeId} = ${users.id} and ${cases.status} in ('new','open','pending')
        where ${users.role} = 'service_agent'
        group by ${users.id}, ${users.name}, ${users.active}
        order by ${users.active}, ${users.name}`,
  );
}
