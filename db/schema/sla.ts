import { sql } from 'drizzle-orm';
import { check, date, jsonb, pgTable, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, version } from './columns';

/**
 * Business hours for SLA clocks (lib/service/business-hours.ts does the arithmetic): an IANA zone,
 * seven lists of working periods (Monday first, wall times "HH:MM" in the zone, never crossing
 * midnight) and holidays (dates in the zone). An SLA policy without a calendar runs around the clock.
 */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: id(),
    name: varchar('name', { length: 80 }).notNull(),
    timeZone: varchar('time_zone', { length: 64 }).notNull(),
    periods: jsonb('periods').$type<{ start: string; end: string }[][]>().notNull(),
    holidays: date('holidays', { mode: 'string' }).array().notNull().default(sql`'{}'::date[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('business_calendars_name_uq').on(sql`lower(${t.name})`),
    check(
      'business_calendars_periods_ck',
      sql`jsonb_typeof(${t.periods}) = 'array' and jsonb_array_length(${t.periods}) = 7`,
    ),
  ],
);
