'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/define-action';
import { dropSnapshots } from './snapshots';

// "Recompute now" on a team dashboard: its snapshots are dropped, and the page (refreshed by the
// button) computes its figures again. Only the team's viewers (managers and admins) have snapshots.

const Schema = z.object({});

const teamOnly = (role: string) => role === 'manager' || role === 'admin';

export const recomputeServiceDashboardAction = defineAction(
  { permission: 'dashboards:service', schema: Schema },
  async (viewer) => {
    if (!teamOnly(viewer.role)) return { ok: false, reason: 'forbidden' };
    await dropSnapshots('service');
    revalidatePath('/service');
    return { ok: true, message: 'dashboardRecomputed' };
  },
);

export const recomputeSalesDashboardAction = defineAction(
  { permission: 'dashboards:sales', schema: Schema },
  async (viewer) => {
    if (!teamOnly(viewer.role)) return { ok: false, reason: 'forbidden' };
    await dropSnapshots('sales');
    revalidatePath('/sales');
    return { ok: true, message: 'dashboardRecomputed' };
  },
);
