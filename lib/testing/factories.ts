import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { deals, pipelineStages, userSessions, users } from '@/db/schema';
import type { Role } from '@/db/schema/enums';
import { hashPassword } from '@/lib/auth/password';
import type { Viewer } from '@/lib/auth/permissions';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A seeded user (manager@lodestar.test, rep2@lodestar.test, …) as a Viewer. */
export async function seededViewer(email: string): Promise<Viewer> {
  const [row] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(eq(users.email, email));
  if (!row) throw new Error(`No seeded user ${email}`);
  return row;
}
let cachedHash: Promise<string> | undefined;

/** Inserts an active user of the role and returns them as a Viewer. */
export async function createTestUser(
  role: Role,
  overrides: { email?: string; name?: string; active?: boolean } = {},
): Promise<Viewer> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@test.example`;
  const name = overrides.name ?? `${role} ${email.slice(0, 6)}`;
  const [row] = await db
    .insert(users)
    .values({ email, name, role, active: overrides.active ?? true, passwordHash: await cachedHash })
    .returning({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale });
  return row;
}

/**
 * Inserts a live session row for a user, as a sign-in would (without the password check), and
 * returns its id: the `sid` a JWT would carry.
 */
export async function createTestSession(userId: string): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, expiresAt: sql`now() + interval '12 hours'`, ip: '127.0.0.1' })
    .returning({ id: userSessions.id });
  return row.id;
}

/**
 * Makes sure each of `ownerIds` owns at least `perStage` open deals in every open pipeline stage,
 * by handing them open deals of other owners (first by id). Tests that move a rep's deals between
 * stages then do not depend on how the random seed happened to spread deals over reps.
 */
export async function giveOpenDeals(ownerIds: string[], perStage = 3): Promise<void> {
  const openStages = await db
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(sql`not ${pipelineStages.isWon} and not ${pipelineStages.isLost}`);
  const live = sql`${deals.status} = 'open' and ${deals.deletedAt} is null`;
  for (const { id: stageId } of openStages) {
    for (const ownerId of ownerIds) {
      const [{ n }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(deals)
        .where(and(eq(deals.stageId, stageId), eq(deals.ownerId, ownerId), live));
      if (n >= perStage) continue;
      const others = await db
        .select({ id: deals.id })
        .from(deals)
        .where(and(eq(deals.stageId, stageId), live, notInArray(deals.ownerId, ownerIds)))
        .orderBy(asc(deals.id))
        .limit(perStage - n);
      if (others.length < perStage - n) throw new Error('the seed has too few open deals to share out');
      await db
        .update(deals)
        .set({ ownerId })
        .where(
          inArray(
            deals.id,
            others.map((o) => o.id),
          ),
        );
    }
  }
}
