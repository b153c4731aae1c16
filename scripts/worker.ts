// `npm run worker`: a process that only runs background jobs, for deployments that keep web servers
// free of them (LODESTAR_WORKERS=off on the web servers). Needs DATABASE_URL: the embedded database
// belongs to the one app process and runs its jobs there.
import { closeDatabase, getDatabase } from '../db/client';
import { startWorkers, stopWorkers } from '../lib/jobs/workers';

if (!process.env.DATABASE_URL) {
  console.error('npm run worker needs DATABASE_URL (on the embedded database the app process runs the jobs).');
  process.exit(2);
}
delete process.env.LODESTAR_WORKERS;
await getDatabase();
await startWorkers();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopWorkers(10_000).finally(() => closeDatabase().finally(() => process.exit(0)));
  });
}
