import { getDatabase } from './client';

/** Opens and migrates the database at server start. */
export async function startDatabase(): Promise<void> {
  const handle = await getDatabase();
  console.log(`[lodestar] database ready (${handle.driver}: ${handle.location})`);
}
