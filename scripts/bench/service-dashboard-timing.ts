// Times getServiceDashboard against DATABASE_URL (a scratch check of the ≤ 300 ms target; the HTTP
// page benchmark is scripts/bench/pages.ts). Run: tsx --conditions react-server scripts/bench/service-dashboard-timing.ts
import { eq } from 'drizzle-orm';
import { closeDatabase, db, getDatabase } from '@/db/client';
import { users } from '@/db/schema';
import { getServiceDashboard, ServiceDashboardFilterSchema } from '@/lib/service/dashboard';

async function main() {
  await getDatabase();
  const [manager] = await db.select().from(users).where(eq(users.role, 'manager')).limit(1);
  const [agent] = await db.select().from(users).where(eq(users.role, 'service_agent')).limit(1);
  for (const [who, u] of [
    ['manager', manager],
    ['agent', agent],
  ] as const) {
    for (const days of ['30', '90']) {
      const viewer = { userId: u.id, role: u.role, name: u.name, email: u.email, locale: null };
      const filter = ServiceDashboardFilterSchema.parse({ days });
      const times: number[] = [];
      for (let i = 0; i < 12; i++) {
        const t0 = performance.now();
        await getServiceDashboard(viewer, filter);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`${who} ${days}d: median ${times[6].toFixed(0)} ms, max ${times[11].toFixed(0)} ms`);
    }
  }
  await closeDatabase();
}
main();
