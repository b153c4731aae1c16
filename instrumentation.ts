/** Runs once per server start: opens the database and applies pending migrations before any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getDatabase, closeDatabase } = await import('./db/client');
  const handle = await getDatabase();
  console.log(`[lodestar] database ready (${handle.driver}: ${handle.location})`);
  // Close PGlite cleanly so its folder is left consistent and unlocked.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      closeDatabase().finally(() => process.exit(0));
    });
  }
}
