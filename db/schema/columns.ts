import { integer, numeric, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column builders so every table spells ids, money and times the same way. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const money = (name: string) => numeric(name, { precision: 14, scale: 2 });
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
/** Optimistic locking: every UPDATE checks and bumps it. */
export const version = () => integer('version').notNull().default(1);
