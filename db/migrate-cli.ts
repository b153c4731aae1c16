import { closeDatabase, getDatabase } from './client';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
const handle = await getDatabase();
console.log(`Migrations applied (${handle.driver}: ${handle.location}).`);
await closeDatabase();
