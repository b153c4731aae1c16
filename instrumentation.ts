/** Runs once per server start: opens the database and applies pending migrations before any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { trustedProxies } = await import('./lib/auth/client-address');
    trustedProxies(); // a malformed TRUSTED_PROXIES stops the start instead of the first sign-in
    const { installPeerAddressCapture } = await import('./lib/auth/peer-address');
    installPeerAddressCapture();
    const { startDatabase } = await import('./db/startup');
    await startDatabase();
  }
}
