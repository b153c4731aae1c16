/**
 * Runs once per server start: opens the database and applies pending migrations, then starts the
 * background workers, before any request. On SIGINT/SIGTERM workers stop first (their jobs finish or
 * are left to retry), then the database closes (PGlite flushes and unlocks its folder).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { trustedProxies } = await import('./lib/auth/client-address');
    trustedProxies(); // a malformed TRUSTED_PROXIES stops the start instead of the first sign-in
    const { installPeerAddressCapture } = await import('./lib/auth/peer-address');
    installPeerAddressCapture();
    const { startDatabase } = await import('./db/startup');
    await startDatabase();
    const { startWorkers, stopWorkers } = await import('./lib/jobs/workers');
    await startWorkers();
    // LODESTAR_MAIL_IN=on: this process receives the service desk's mail (lib/mail/listener.ts).
    const { startAppMailListener, stopAppMailListener } = await import('./lib/mail/listener');
    await startAppMailListener();
    const { closeDatabase } = await import('./db/client');
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopAppMailListener()
          .then(() => stopWorkers(5_000))
          .catch((error) => console.error('[lodestar] stopping workers:', error))
          .finally(() => closeDatabase().finally(() => process.exit(0)));
      });
    }
  }
}
