/** Runs once per server start: opens the database and applies pending migrations before any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { startDatabase } = await import('./db/startup');
    await startDatabase();
  }
}
