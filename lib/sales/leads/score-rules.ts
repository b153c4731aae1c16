import 'server-only';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { type ScoredLead, type ScoreRule, scoreLead } from '@/analytics/lead-score';
import { type Db, db, type Tx } from '@/db/client';
import { columnName, rows } from '@/db/rows';
import { leadCaptureAttempts, leadScoreRules, leads } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue, type JobDefinition } from '@/lib/jobs/queues';
import { liveLead } from '@/lib/sales/visibility';
import type { ScoreRuleInput, UpdateScoreRuleInput } from './schemas';

export type ScoreRuleRow = ScoreRule & { version: number };

const ruleColumns = {
  id: leadScoreRules.id,
  kind: leadScoreRules.kind,
  value: leadScoreRules.value,
  points: leadScoreRules.points,
  active: leadScoreRules.active,
  version: leadScoreRules.version,
};

/** Every rule, for the editor and for scoring. Anyone who reads leads may read the rules (no black box). */
export async function listScoreRules(executor: Db | Tx): Promise<ScoreRuleRow[]> {
  return executor
    .select(ruleColumns)
    .from(leadScoreRules)
    .orderBy(asc(leadScoreRules.kind), desc(leadScoreRules.points), asc(leadScoreRules.value));
}

/** The rules for the scoring page: admins edit them, managers read them. */
export async function listScoreRulesFor(viewer: Viewer): Promise<ScoreRuleRow[]> {
  if (!can(viewer, 'settings:read')) return [];
  return listScoreRules(db);
}

/** A lead's score and reasons under the current rules, as stored on the lead. */
export async function scoreWith(executor: Db | Tx, lead: ScoredLead, asOf = new Date()) {
  return scoreLead(lead, await listScoreRules(executor), asOf);
}

type RuleResult = Result<{ id: string }, 'forbidden' | 'notFound' | 'stale' | 'ruleTaken'>;

const isUniqueViolation = (e: unknown) =>
  typeof e === 'object' &&
  e !== null &&
  ((e as { code?: string }).code === '23505' || /23505|unique/i.test(String((e as { cause?: unknown }).cause ?? e)));

/** Adds a rule (admins); open leads are rescored by a job. */
export async function createScoreRule(viewer: Viewer, input: ScoreRuleInput): Promise<RuleResult> {
  if (!can(viewer, 'settings:write')) return { ok: false, reason: 'forbidden' };
  const result = await db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: leadScoreRules.id })
      .from(leadScoreRules)
      .where(and(eq(leadScoreRules.kind, input.kind), sql`lower(${leadScoreRules.value}) = lower(${input.value})`));
    if (taken) return { ok: false, reason: 'ruleTaken' } as const;
    const [row] = await tx.insert(leadScoreRules).values(input).returning({ id: leadScoreRules.id });
    await audit(tx, viewer, { action: 'create', entity: 'lead_score_rule', entityId: row.id, diff: input });
    return { ok: true, id: row.id } as const;
  });
  if (result.ok) await requestRescore();
  return result;
}

/** Changes a rule (admins; optimistic lock by version); open leads are rescored by a job. */
export async function updateScoreRule(viewer: Viewer, input: UpdateScoreRuleInput): Promise<RuleResult> {
  if (!can(viewer, 'settings:write')) return { ok: false, reason: 'forbidden' };
  let result: RuleResult;
  try {
    result = await db.transaction(async (tx) => {
      const [before] = await tx
        .select(ruleColumns)
        .from(leadScoreRules)
        .where(eq(leadScoreRules.id, input.id))
        .for('update');
      if (!before) return { ok: false, reason: 'notFound' } as const;
      if (before.version !== input.version) return { ok: false, reason: 'stale' } as const;
      const { id, version, ...next } = input;
      await tx
        .update(leadScoreRules)
        .set({ ...next, updatedAt: sql`now()`, version: sql`${leadScoreRules.version} + 1` })
        .where(and(eq(leadScoreRules.id, id), eq(leadScoreRules.version, version)));
      await audit(tx, viewer, {
        action: 'update',
        entity: 'lead_score_rule',
        entityId: id,
        diff: changedFields(before, next),
      });
      return { ok: true, id } as const;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'ruleTaken' };
    throw e;
  }
  if (result.ok) await requestRescore();
  return result;
}

export async function deleteScoreRule(viewer: Viewer, id: string): Promise<RuleResult> {
  if (!can(viewer, 'settings:write')) return { ok: false, reason: 'forbidden' };
  const result = await db.transaction(async (tx) => {
    const [gone] = await tx.delete(leadScoreRules).where(eq(leadScoreRules.id, id)).returning(ruleColumns);
    if (!gone) return { ok: false, reason: 'notFound' } as const;
    await audit(tx, viewer, { action: 'delete', entity: 'lead_score_rule', entityId: id, diff: { ...gone } });
    return { ok: true, id } as const;
  });
  if (result.ok) await requestRescore();
  return result;
}

/**
 * Rescoring after a rule change runs as a job, not in the admin's request: at 50k open leads it
 * takes seconds, and on the embedded database it would hold the one connection meanwhile. The
 * queue keeps at most one rescore waiting, so a burst of rule edits rescores once or twice.
 */
export const leadRescoreJob: JobDefinition<object> = {
  name: 'leads-rescore',
  policy: 'stately',
  expireInSeconds: 30 * 60,
  async handler() {
    const changed = await rescoreLeads(db);
    console.log(`[leads] rescored ${changed} open leads`);
  },
};

async function requestRescore(): Promise<void> {
  await enqueue(leadRescoreJob, {}, { tx: null });
}

const BATCH = 2000;

/**
 * Recomputes the score and reasons of every live lead not yet converted (a converted lead keeps
 * the score it was converted with), in keyset batches of BATCH leads: one SELECT and one
 * UPDATE … FROM (VALUES …) per batch, only rows whose score or reasons changed. Runs after every
 * rule change and nightly (activity rules age). Returns how many leads changed.
 */
export async function rescoreLeads(executor: Db, asOf = new Date()): Promise<number> {
  const rules = await listScoreRules(executor);
  let after = '00000000-0000-0000-0000-000000000000';
  let changed = 0;
  for (;;) {
    const batch = await executor
      .select({
        id: leads.id,
        source: leads.source,
        industry: leads.industry,
        employees: leads.employees,
        email: leads.email,
        lastActivityAt: leads.lastActivityAt,
        score: leads.score,
        reasons: leads.scoreReasons,
      })
      .from(leads)
      .where(and(gt(leads.id, after), liveLead(), sql`${leads.status} <> 'converted'`))
      .orderBy(asc(leads.id))
      .limit(BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    const updates = batch
      .map((l) => ({ id: l.id, before: l, ...scoreLead(l, rules, asOf) }))
      .filter((u) => u.score !== u.before.score || JSON.stringify(u.reasons) !== JSON.stringify(u.before.reasons));
    if (updates.length) {
      const values = sql.join(
        updates.map((u) => sql`(${u.id}::uuid, ${u.score}::smallint, ${JSON.stringify(u.reasons)}::jsonb)`),
        sql`, `,
      );
      await rows(
        executor,
        sql`update ${leads} set ${columnName(leads.score)} = v.score, ${columnName(leads.scoreReasons)} = v.reasons
            from (values ${values}) as v(id, score, reasons) where ${leads.id} = v.id`,
      );
      changed += updates.length;
    }
    if (batch.length < BATCH) break;
  }
  return changed;
}

/** Capture attempts are kept this long: far past the rate limit's window. */
const CAPTURE_ATTEMPT_RETENTION_HOURS = 48;

/** Nightly: activity rules age, so scores are recomputed; old capture attempts are pruned. */
export const leadMaintenanceJob: JobDefinition<object> = {
  name: 'leads-maintenance',
  policy: 'stately',
  expireInSeconds: 30 * 60,
  async handler() {
    await rescoreLeads(db);
    await db
      .delete(leadCaptureAttempts)
      .where(sql`${leadCaptureAttempts.at} < now() - make_interval(hours => ${CAPTURE_ATTEMPT_RETENTION_HOURS})`);
  },
};
