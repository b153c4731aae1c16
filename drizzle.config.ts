import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema and applied at start-up by db/migrate.ts
// (drizzle-kit's own migrate cannot load PGlite's extensions).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lodestar' },
});
