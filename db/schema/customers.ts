import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, version } from './columns';
import { customerKindEnum } from './enums';
import { users } from './users';

export const customers = pgTable(
  'customers',
  {
    id: id(),
    kind: customerKindEnum('kind').notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    email: varchar('email', { length: 254 }),
    phone: varchar('phone', { length: 40 }),
    /** The language they write in (a locale such as 'zh-CN'), when known: case assignment may match agents by it. */
    locale: varchar('locale', { length: 10 }),
    website: varchar('website', { length: 200 }),
    street: varchar('street', { length: 200 }),
    city: varchar('city', { length: 100 }),
    region: varchar('region', { length: 100 }),
    postalCode: varchar('postal_code', { length: 20 }),
    country: varchar('country', { length: 2 }),
    industry: varchar('industry', { length: 60 }),
    source: varchar('source', { length: 60 }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    emailConsent: boolean('email_consent').notNull().default(false),
    consentAt: ts('consent_at'),
    /** Where the consent came from ('form', 'import', 'manual', …): with consent_at, the record a regulator asks for. */
    consentSource: varchar('consent_source', { length: 60 }),
    unsubscribedAt: ts('unsubscribed_at'),
    /** A hard (5xx) bounce of a campaign email: no campaign mails the address again (lib/marketing/campaigns/send.ts). */
    bouncedAt: ts('bounced_at'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    /** Natural key from another system; CSV import is idempotent on it (or on email). */
    externalId: varchar('external_id', { length: 100 }),
    /** Set when this record was merged into another; it is then also soft-deleted. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => customers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
    version: version(),
  },
  (t) => [
    uniqueIndex('customers_external_id_uq').on(t.externalId),
    index('customers_owner_idx').on(t.ownerId, t.createdAt),
    // List sorts: (key, id) ascending, as customerOrder (lib/customers/customers.ts) writes the
    // ORDER BY, so a forward scan serves ascending and a backward scan descending. (Drizzle's
    // .desc() adds NULLS LAST, which no longer mirrors a plain descending sort.)
    index('customers_created_idx').on(t.createdAt, t.id),
    index('customers_email_sort_idx').on(t.email, t.id),
    index('customers_name_sort_idx').on(sql`lower(${t.name})`, t.id),
    index('customers_email_lower_idx').on(sql`lower(${t.email})`),
    index('customers_phone_idx').on(t.phone),
    // Phone search ignores formatting: trigram index over the digits only.
    index('customers_phone_digits_trgm').using(
      'gin',
      sql`regexp_replace(coalesce(${t.phone}, ''), '[^0-9]', '', 'g') gin_trgm_ops`,
    ),
    index('customers_updated_idx').on(t.updatedAt, t.id),
    // Duplicate finding groups live customers by phone digits and follows merges.
    index('customers_phone_digits_idx')
      .on(sql`regexp_replace(coalesce(${t.phone}, ''), '[^0-9]', '', 'g')`)
      .where(sql`${t.deletedAt} is null`),
    // Lets "contact of a live customer" anti-join the few deleted customers without a scan.
    index('customers_deleted_idx').on(t.id).where(sql`${t.deletedAt} is not null`),
    index('customers_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    index('customers_country_idx').on(t.country),
    index('customers_industry_idx').on(t.industry),
    index('customers_tags_gin').using('gin', t.tags),
    index('customers_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('customers_email_trgm').using('gin', sql`${t.email} gin_trgm_ops`),
    check('customers_country_ck', sql`${t.country} is null or ${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    firstName: varchar('first_name', { length: 100 }).notNull(),
    lastName: varchar('last_name', { length: 100 }),
    email: varchar('email', { length: 254 }),
    phone: varchar('phone', { length: 40 }),
    /** The language they write in (a locale such as 'zh-CN'), when known: case assignment may match agents by it. */
    locale: varchar('locale', { length: 10 }),
    title: varchar('title', { length: 100 }),
    isPrimary: boolean('is_primary').notNull().default(false),
    /** Email consent, as on the customer (the same rules: lib/customers/consent.ts). */
    emailConsent: boolean('email_consent').notNull().default(false),
    consentAt: ts('consent_at'),
    consentSource: varchar('consent_source', { length: 60 }),
    /** When the person opted out; only they opt back in. */
    unsubscribedAt: ts('unsubscribed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
    version: version(),
  },
  (t) => [
    index('contacts_customer_idx').on(t.customerId),
    // The contacts list's sorts over live contacts, (key, id) ascending as listContacts orders
    // (lib/customers/contacts.ts); a backward scan serves the descending sorts.
    index('contacts_first_name_sort_idx')
      .on(sql`lower(${t.firstName})`, t.id, t.customerId)
      .where(sql`${t.deletedAt} is null`),
    index('contacts_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('contacts_email_sort_idx').on(t.email, t.id).where(sql`${t.deletedAt} is null`),
    index('contacts_email_lower_idx').on(sql`lower(${t.email})`),
    index('contacts_name_trgm').using('gin', sql`(${t.firstName} || ' ' || coalesce(${t.lastName}, '')) gin_trgm_ops`),
    index('contacts_email_trgm').using('gin', sql`${t.email} gin_trgm_ops`),
    index('contacts_phone_digits_trgm').using(
      'gin',
      sql`regexp_replace(coalesce(${t.phone}, ''), '[^0-9]', '', 'g') gin_trgm_ops`,
    ),
  ],
);
