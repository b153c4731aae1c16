import { createHash } from 'node:crypto';
// biome-ignore lint/style/noRestrictedImports: a pure module (no db, no framework), shared with refreshCaseSla so seeded due times match
import { addBusinessMinutes } from '../../lib/service/business-hours';
import { BulkWriter } from './bulk';
import { addMinutes, DAY, type SeedContext } from './context';
import { CASE_SUBJECTS } from './names';

const CASE_COLUMNS = [
  'id',
  'number',
  'customer_id',
  'contact_id',
  'subject',
  'description',
  'priority',
  'status',
  'channel',
  'assignee_id',
  'sla_policy_id',
  'first_response_due_at',
  'resolution_due_at',
  'first_responded_at',
  'resolved_at',
  'closed_at',
  'sla_paused_at',
  'first_response_breached_at',
  'resolution_breached_at',
  'escalated_at',
  'csat_rating',
  'csat_answered_at',
  'first_response_business_minutes',
  'resolution_business_minutes',
  'created_at',
  'updated_at',
] as const;
const COMMENT_COLUMNS = ['id', 'case_id', 'author_id', 'body', 'is_public', 'created_at'] as const;

/** Cases across priorities with SLA due times, response/resolution times (some breached) and CSAT. */
export async function seedCases(ctx: SeedContext): Promise<{ cases: number; comments: number }> {
  const { rng, anchor, scale } = ctx;
  const cases = new BulkWriter(ctx.exec, 'cases', CASE_COLUMNS);
  const comments = new BulkWriter(ctx.exec, 'case_comments', COMMENT_COLUMNS, 4000, [cases]);
  const span = 730 * DAY;
  for (let i = 0; i < scale.cases; i++) {
    const customer = ctx.customers[rng.int(0, ctx.customers.length - 1)];
    const priority = rng.weighted([
      ['low', 25],
      ['normal', 50],
      ['high', 18],
      ['urgent', 7],
    ] as const);
    const sla = ctx.sla[priority];
    const opened = anchor.getTime() - rng.next() ** 2.2 * span;
    // A case is opened after the customer exists.
    const createdAt = new Date(
      opened > customer.createdAt.getTime()
        ? opened
        : customer.createdAt.getTime() + rng.next() * (anchor.getTime() - customer.createdAt.getTime()),
    );
    const ageDays = (anchor.getTime() - createdAt.getTime()) / DAY;
    // Due times, response and resolution in business hours (ctx.calendar), as refreshCaseSla computes them.
    const inHours = (minutes: number) => addBusinessMinutes(ctx.calendar, createdAt, minutes);
    const firstDue = inHours(sla.firstMinutes);
    const resolutionDue = inHours(sla.resolutionMinutes);
    // Older cases are mostly done; the last few weeks hold the open queue.
    const done = ageDays > 21 ? rng.chance(0.97) : ageDays > 3 ? rng.chance(0.55) : rng.chance(0.1);
    const respondedAfter = rng.exponential(1 / (sla.firstMinutes * 0.6));
    const firstRespondedAt = done || rng.chance(0.6) ? inHours(respondedAfter) : null;
    const respondedOk = firstRespondedAt && firstRespondedAt.getTime() < anchor.getTime() ? firstRespondedAt : null;
    // Drawn in business minutes, so the stored business-minute times (the dashboard's medians) are these.
    // (Drawn only for done cases, as before: the random sequence, and so the rest of the seed, is unchanged.)
    const resolvedAfter = done
      ? Math.max(respondedAfter + 5, rng.exponential(1 / (sla.resolutionMinutes * 0.55)))
      : null;
    const resolvedAt = resolvedAfter === null ? null : inHours(resolvedAfter);
    const resolvedOk = resolvedAt && resolvedAt.getTime() < anchor.getTime() ? resolvedAt : null;
    const status = resolvedOk
      ? ageDays > 10
        ? 'closed'
        : 'resolved'
      : respondedOk
        ? rng.pick(['open', 'open', 'pending'] as const)
        : 'new';
    const breached = resolvedOk ? resolvedOk > resolutionDue : false;
    // The clock stops when the case goes pending (at the reply) or is resolved; the breach job would
    // have marked what was overdue before that, a minute after the due time.
    const pausedAt = status === 'pending' ? respondedOk : resolvedOk;
    const marked = (due: Date, end: Date | null) =>
      due.getTime() < (end ?? anchor).getTime() ? new Date(Math.min(due.getTime() + 60_000, anchor.getTime())) : null;
    const firstBreachedAt = marked(firstDue, respondedOk);
    const resolutionBreachedAt = marked(resolutionDue, pausedAt);
    const escalatedAt = resolutionBreachedAt ?? firstBreachedAt;
    const csat =
      resolvedOk && rng.chance(0.45)
        ? rng.weighted(
            breached
              ? ([
                  [1, 20],
                  [2, 20],
                  [3, 25],
                  [4, 20],
                  [5, 15],
                ] as const)
              : ([
                  [1, 4],
                  [2, 5],
                  [3, 13],
                  [4, 33],
                  [5, 45],
                ] as const),
          )
        : null;
    const assignee = status === 'new' && rng.chance(0.6) ? null : rng.pick(ctx.users.agents);
    const id = rng.uuid();
    await cases.push([
      id,
      1000 + i,
      customer.id,
      customer.contactId,
      rng.pick(CASE_SUBJECTS),
      'Reported by the customer through the support channel.',
      priority,
      status,
      rng.weighted([
        ['email', 45],
        ['phone', 25],
        ['web', 20],
        ['chat', 10],
      ] as const),
      assignee,
      sla.id,
      firstDue,
      resolutionDue,
      respondedOk,
      resolvedOk,
      status === 'closed' ? resolvedOk : null,
      pausedAt,
      firstBreachedAt,
      resolutionBreachedAt,
      escalatedAt,
      csat,
      // Answered 0–71 hours after the resolution (never after the anchor); no extra random draw.
      csat !== null && resolvedOk
        ? new Date(Math.min(resolvedOk.getTime() + ((i * 7919) % 72) * 3_600_000, anchor.getTime()))
        : null,
      respondedOk ? Math.round(respondedAfter) : null,
      resolvedOk && resolvedAfter !== null ? Math.round(resolvedAfter) : null,
      createdAt,
      resolvedOk ?? respondedOk ?? createdAt,
    ]);
    if (respondedOk && assignee) {
      await comments.push([
        rng.uuid(),
        id,
        assignee,
        'Thanks for reaching out. We are looking into this now.',
        true,
        respondedOk,
      ]);
      if (rng.chance(0.4))
        await comments.push([
          rng.uuid(),
          id,
          assignee,
          'Internal: checked order history and billing records.',
          false,
          addMinutes(respondedOk, 30),
        ]);
    }
  }
  await cases.flush();
  await comments.flush();
  await ctx.exec(`SELECT setval('case_number_seq', ${1000 + scale.cases})`);
  await plantE2eCsatLink(ctx);
  return { cases: cases.count, comments: comments.count };
}

/**
 * For the end-to-end tests only (scripts/e2e-server.mjs sets SEED_E2E_CSAT_TOKEN): gives the
 * lowest-numbered resolved, unanswered case with a contact a satisfaction survey link with that
 * token, valid 14 days from now, so a browser test can answer it. The server-side issue path
 * (issueCsatSurvey) makes random tokens; no other seed run plants a known one.
 */
async function plantE2eCsatLink(ctx: SeedContext): Promise<void> {
  const token = process.env.SEED_E2E_CSAT_TOKEN;
  if (!token) return;
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new Error('SEED_E2E_CSAT_TOKEN: 43 base64url characters');
  const hash = createHash('sha256').update(token).digest('hex');
  await ctx.exec(`UPDATE cases SET csat_token = '${hash}', csat_token_expires_at = now() + interval '14 days'
    WHERE id = (SELECT id FROM cases WHERE status = 'resolved' AND csat_answered_at IS NULL AND contact_id IS NOT NULL
      ORDER BY number LIMIT 1)`);
}
