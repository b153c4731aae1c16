import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { StageNames } from '@/db/schema/sales';
import type { Viewer } from '@/lib/auth/permissions';
import { DEFAULT_LOCALE, LOCALES, type Locale, pickLocale } from '@/lib/i18n/config';

// A stage has a name in the default locale (pipeline_stages.name) and translations by locale
// (pipeline_stages.names). Everything that shows a stage shows it in the viewer's locale, and the
// default name where the translation is missing or blank.

/** The locales a stage is translated into (the default locale's name is the `name` column). */
export const STAGE_NAME_LOCALES = LOCALES.filter((l) => l !== DEFAULT_LOCALE);

/**
 * The locale to name stages in: the page's own locale when the caller knows it (next-intl's
 * getLocale(), which also honours the language cookie and Accept-Language), else the viewer's saved one.
 */
export function stageLocale(viewer: Pick<Viewer, 'locale'> | null, locale?: Locale): Locale {
  return locale ?? pickLocale({ saved: viewer?.locale ?? null });
}

/** A stage's name in the locale, in SQL: `stage` is pipeline_stages or an alias of it. */
export function stageNameSql(stage: { name: AnyPgColumn; names: AnyPgColumn }, locale: Locale): SQL<string> {
  if (locale === DEFAULT_LOCALE) return sql<string>`${stage.name}`;
  return sql<string>`coalesce(nullif(btrim(${stage.names} ->> ${locale}::text), ''), ${stage.name})`;
}

/** The same for raw SQL over a table alias (`s` in `from pipeline_stages s`). */
export function stageNameSqlOf(alias: string, locale: Locale): SQL<string> {
  const a = sql.identifier(alias);
  if (locale === DEFAULT_LOCALE) return sql<string>`${a}.name`;
  return sql<string>`coalesce(nullif(btrim(${a}.names ->> ${locale}::text), ''), ${a}.name)`;
}

/** A loaded stage's name in the locale. */
export function localStageName(stage: { name: string; names?: StageNames | null }, locale: Locale): string {
  const translated = locale === DEFAULT_LOCALE ? undefined : stage.names?.[locale]?.trim();
  return translated ? translated : stage.name;
}
