import { closeDatabase, getDatabase } from './client';

/** Opens and migrates the database at server start; closes it on shutdown (PGlite flushes and unlocks). */
export async function startDatabase(): Promise<void> {
  const handle = await getDatabase();
  console.log(`[lodestar] database ready (${handle.driver}: ${handle.location})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      closeDatabase().finally(() => process.exit(0));
    });
  }
}
