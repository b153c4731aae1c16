import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, money, ts, updatedAt, version } from './columns';
import { roleEnum } from './enums';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: varchar('email', { length: 254 }).notNull(),
    name: varchar('name', { length: 120 }).notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    active: boolean('active').notNull().default(true),
    /** The language the user picked; null until they pick one (then the browser's language is used). */
    locale: varchar('locale', { length: 10 }),
    lastLoginAt: ts('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    // Emails are stored lower-cased; the unique index guards against case variants too.
    uniqueIndex('users_email_uq').on(t.email),
    index('users_role_active_idx').on(t.role, t.active),
    check('users_email_lower_ck', sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * One row per sign-in. The session cookie (a JWT) carries the row's id; a request is served only
 * while the row is neither revoked nor expired, so signing out, a password reset or a deactivation
 * ends the session on the server, on every app server at once. Expired rows are pruned on sign-in.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    /** Where and with what the user signed in (for an admin looking into a session; not used to authorize). */
    ip: varchar('ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: 300 }),
  },
  (t) => [
    index('user_sessions_user_idx').on(t.userId).where(sql`${t.revokedAt} is null`),
    index('user_sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Failed and successful sign-in attempts; throttling reads recent failures per account and per address. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: varchar('email', { length: 254 }).notNull(),
    ip: varchar('ip', { length: 64 }).notNull(),
    success: boolean('success').notNull(),
    at: createdAt(),
  },
  (t) => [index('login_attempts_email_at_idx').on(t.email, t.at), index('login_attempts_ip_at_idx').on(t.ip, t.at)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: varchar('action', { length: 40 }).notNull(),
    entity: varchar('entity', { length: 40 }).notNull(),
    entityId: text('entity_id').notNull(),
    diff: jsonb('diff').$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.actorId, t.at),
  ],
);

/** A single row (id = 1) of company-wide settings. */
export const settings = pgTable(
  'settings',
  {
    id: smallint('id').primaryKey().default(1),
    companyName: varchar('company_name', { length: 120 }).notNull().default('Lodestar Demo Co.'),
    currency: varchar('currency', { length: 3 }).notNull().default('USD'),
    fiscalYearStartMonth: integer('fiscal_year_start_month').notNull().default(1),
    /** IANA time zone for dates shown and for "today" in My day. */
    timeZone: varchar('time_zone', { length: 64 }).notNull().default('UTC'),
    /** Gross margin used by CLV (share of revenue kept, 0–1). */
    clvMargin: numeric('clv_margin', { precision: 6, scale: 4 }).notNull().default('0.3000'),
    /** Annual discount rate used by CLV (e.g. 0.10). */
    clvAnnualDiscountRate: numeric('clv_annual_discount_rate', { precision: 6, scale: 4 }).notNull().default('0.1000'),
    /** Months of the CLV forecast (predicted and textbook CLV). */
    clvHorizonMonths: integer('clv_horizon_months').notNull().default(12),
    /** What the acquisition of one customer costs; the textbook CLV subtracts it. */
    clvAcquisitionCost: money('clv_acquisition_cost').notNull().default('0'),
    /** Time unit of the BG/NBD fit: 'day' or 'week' (predictions in months either way). */
    analyticsTimeUnit: varchar('analytics_time_unit', { length: 4 }).$type<'day' | 'week'>().notNull().default('day'),
    /** Months of order history analytics reads (RFM, models, clusters); null reads all of it. */
    rfmWindowMonths: integer('rfm_window_months'),
    /** Who gets a new lead without an owner: the next active rep in turn, or the rep with fewest open leads. */
    leadAssignment: varchar('lead_assignment', { length: 20 })
      .$type<'round_robin' | 'least_loaded'>()
      .notNull()
      .default('round_robin'),
    /** The rep the last round-robin assignment went to (the next one goes to the rep after). */
    leadRoundRobinLast: uuid('lead_round_robin_last'),
    /** Where the public lead form sends the visitor after a submission; null: the built-in thank-you page. */
    leadThanksUrl: varchar('lead_thanks_url', { length: 500 }),
    /** Who gets a new case nobody was given to: nobody (manual), the next active agent in turn, or the least loaded. */
    caseAssignment: varchar('case_assignment', { length: 20 })
      .$type<'manual' | 'round_robin' | 'least_loaded'>()
      .notNull()
      .default('manual'),
    /** Only agents whose language matches the contact's (or customer's) language, when that is known. */
    caseAssignmentByLanguage: boolean('case_assignment_by_language').notNull().default(false),
    /** The agent the last round-robin case assignment went to (the next one goes to the agent after). */
    caseRoundRobinLast: uuid('case_round_robin_last'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    check('settings_singleton_ck', sql`${t.id} = 1`),
    check('settings_fy_ck', sql`${t.fiscalYearStartMonth} between 1 and 12`),
    check('settings_currency_ck', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('settings_clv_horizon_ck', sql`${t.clvHorizonMonths} between 1 and 120`),
    check('settings_clv_acquisition_cost_ck', sql`${t.clvAcquisitionCost} >= 0`),
    check('settings_case_assignment_ck', sql`${t.caseAssignment} in ('manual', 'round_robin', 'least_loaded')`),
    check('settings_analytics_unit_ck', sql`${t.analyticsTimeUnit} in ('day', 'week')`),
    check('settings_lead_assignment_ck', sql`${t.leadAssignment} in ('round_robin', 'least_loaded')`),
    check('settings_rfm_window_ck', sql`${t.rfmWindowMonths} is null or ${t.rfmWindowMonths} between 1 and 600`),
  ],
);
