import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { settings } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { AssignmentMode } from './assignment';
import type { LeadSettingsInput } from './schemas';

export type LeadSettings = { leadAssignment: AssignmentMode; leadThanksUrl: string | null; version: number };

const columns = {
  leadAssignment: settings.leadAssignment,
  leadThanksUrl: settings.leadThanksUrl,
  version: settings.version,
};

/** How new leads are handed out and where the public form sends visitors (settings:read). */
export async function getLeadSettings(viewer: Viewer): Promise<LeadSettings | null> {
  if (!can(viewer, 'settings:read')) return null;
  const [row] = await db.select(columns).from(settings).where(eq(settings.id, 1));
  return row ?? null;
}

/** The thank-you address a capture redirects to (no viewer: the public endpoint reads it). */
export async function captureThanksUrl(): Promise<string | null> {
  const [row] = await db.select({ url: settings.leadThanksUrl }).from(settings).where(eq(settings.id, 1));
  return row?.url ?? null;
}

/** Admins change the assignment rule and thank-you address; same version lock and audit as the other settings. */
export async function updateLeadSettings(
  viewer: Viewer,
  input: LeadSettingsInput,
): Promise<Result<object, 'forbidden' | 'stale'>> {
  if (!can(viewer, 'settings:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(settings).where(eq(settings.id, 1)).for('update');
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
