import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { cache } from 'react';
import { db } from '@/db/client';
import { settings } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { SettingsInput } from './schemas';

export type Settings = {
  companyName: string;
  currency: string;
  fiscalYearStartMonth: number;
  timeZone: string;
  clvMargin: string;
  clvAnnualDiscountRate: string;
  clvHorizonMonths: number;
  clvAcquisitionCost: string;
  analyticsTimeUnit: 'day' | 'week';
  /** Null: analytics read all order history. */
  rfmWindowMonths: number | null;
  version: number;
};

const columns = {
  companyName: settings.companyName,
  currency: settings.currency,
  fiscalYearStartMonth: settings.fiscalYearStartMonth,
  timeZone: settings.timeZone,
  clvMargin: settings.clvMargin,
  clvAnnualDiscountRate: settings.clvAnnualDiscountRate,
  clvHorizonMonths: settings.clvHorizonMonths,
  clvAcquisitionCost: settings.clvAcquisitionCost,
  analyticsTimeUnit: settings.analyticsTimeUnit,
  rfmWindowMonths: settings.rfmWindowMonths,
  version: settings.version,
};

/** Company-wide settings (one row); every signed-in page needs currency and time zone. Cached per request. */
export const getSettings = cache(async (): Promise<Settings> => {
  const [row] = await db.select(columns).from(settings).where(eq(settings.id, 1));
  return row;
});

export async function updateSettings(
  viewer: Viewer,
  input: SettingsInput,
): Promise<Result<object, 'forbidden' | 'stale'>> {
  if (!can(viewer, 'settings:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(settings).where(eq(settings.id, 1)).for('update');
    if (before.version !== input.version) return { ok: false, reason: 'stale' } as const;
    const { version, ...next } = input;
    await tx
      .update(settings)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${settings.version} + 1` })
      .where(and(eq(settings.id, 1), eq(settings.version, version)));
    await audit(tx, viewer, { action: 'update', entity: 'settings', entityId: '1', diff: changedFields(before, next) });
    return { ok: true } as const;
  });
}
