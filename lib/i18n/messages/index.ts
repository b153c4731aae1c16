import type { Locale } from '../config';

// Catalogs are split by area (one JSON file per area and language) so features can add strings
// without touching each other's files. Every area listed here must exist for both languages.
export const AREAS = [
  'core',
  'admin',
  'customers',
  'import',
  'orderImport',
  'duplicates',
  'search',
  'analytics',
  'pipeline',
  'leads',
  'quotes',
  'sales',
  'deals',
  'cases',
  'sla',
  'mail',
  'kb',
  'csat',
  'serviceDashboard',
  'segments',
  'campaigns',
  'marketingDashboard',
] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const parts = await Promise.all(
    AREAS.map((area) => import(`./${locale}/${area}.json`).then((m) => m.default as Record<string, unknown>)),
  );
  return Object.assign({}, ...parts);
}
