import { getFormatter, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import { ALIVE_BAND_KEYS, SEGMENTS, VALUE_CLASS_KEYS } from '@/lib/analytics/labels';
import type { CustomerFilter } from '@/lib/customers/filters';

/** Drill-down filters without a control of their own (set by a dashboard link): kept, listed, clearable. */
const DRILL_KEYS = ['r', 'f', 'cohort', 'clvMin', 'clvMax', 'active'] as const;

/** The filters set besides the search text (the count on the phone's Filters button). */
export function activeFilterCount(filter: CustomerFilter): number {
  return [
    filter.owner,
    filter.kind,
    filter.industry,
    filter.country,
    filter.tags?.length,
    filter.from,
    filter.to,
    filter.segment,
    filter.valueClass,
    filter.clvBand,
    filter.alive,
    filter.cluster !== undefined,
    ...DRILL_KEYS.map((k) => filter[k] !== undefined),
  ].filter(Boolean).length;
}

/**
 * A plain GET form: filters land in the URL, work without JavaScript and can be bookmarked. On a
 * phone only the search box and Apply show; the other filters open from a Filters button.
 */
export async function CustomerFilters({
  filter,
  owners,
  industries,
  countries,
  analytics,
}: {
  filter: CustomerFilter;
  owners: { id: string; name: string }[];
  industries: string[];
  countries: string[];
  /** The analytics filters, for roles with customer analytics: the current run's number of clusters. */
  analytics?: { clusters: number } | null;
}) {
  const [t, ta, format] = await Promise.all([
    getTranslations('customers.filters'),
    getTranslations('analytics'),
    getFormatter(),
  ]);
  const drills = DRILL_KEYS.filter((k) => filter[k] !== undefined);
  const drillText = drills
    .map((k) => {
      const v = filter[k];
      const value = k === 'clvMin' || k === 'clvMax' ? format.number(Number(v), 'money') : String(v);
      return ta(`list.filters.${k}`, { value });
    })
    .join(', ');
  const clearDrills = new URLSearchParams(
    Object.entries(filter)
      .filter(([k, v]) => v !== undefined && !(DRILL_KEYS as readonly string[]).includes(k) && k !== 'page')
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
  const field = 'w-full text-sm sm:w-40';
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
    >
      <input type="hidden" name="sort" value={filter.sort} />
      <input type="hidden" name="dir" value={filter.dir} />
      <input type="hidden" name="size" value={filter.size} />
      <label className="w-full text-sm sm:w-64">
        <span className={caption}>{t('q')}</span>
        <Input type="search" name="q" defaultValue={filter.q} placeholder={t('qPlaceholder')} />
      </label>
      <FilterDisclosure active={activeFilterCount(filter)}>
        <label className={field}>
          <span className={caption}>{t('owner')}</span>
          <Select name="owner" defaultValue={filter.owner ?? ''}>
            <option value="">{t('anyOwner')}</option>
            <option value="me">{t('me')}</option>
            <option value="none">{t('noOwner')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </label>
        <label className={field}>
          <span className={caption}>{t('kind')}</span>
          <Select name="kind" defaultValue={filter.kind ?? ''}>
            <option value="">{t('anyKind')}</option>
            <option value="person">{t('person')}</option>
            <option value="company">{t('company')}</option>
          </Select>
        </label>
        <label className={field}>
          <span className={caption}>{t('industry')}</span>
          <Select name="industry" defaultValue={filter.industry ?? ''}>
            <option value="">{t('any')}</option>
            {industries.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </Select>
        </label>
        <label className={field}>
          <span className={caption}>{t('country')}</span>
          <Select name="country" defaultValue={filter.country ?? ''}>
            <option value="">{t('any')}</option>
            {countries.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </label>
        <label className={field}>
          <span className={caption}>{t('tags')}</span>
          <Input name="tags" defaultValue={filter.tags?.join(', ')} placeholder="vip, b2b" />
        </label>

        {analytics ? (
          <>
            <label className={field}>
              <span className={caption}>{ta('list.filters.segment')}</span>
              <Select name="segment" defaultValue={filter.segment ?? ''}>
                <option value="">{ta('list.filters.any')}</option>
                {SEGMENTS.map((s) => (
                  <option key={s.key} value={s.key}>
                    {ta(`segmentNames.${s.key}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className={field}>
              <span className={caption}>{ta('list.filters.valueClass')}</span>
              <Select name="valueClass" defaultValue={filter.valueClass ?? ''}>
                <option value="">{ta('list.filters.any')}</option>
                {VALUE_CLASS_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {ta(`valueClasses.${k}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className={field}>
              <span className={caption}>{ta('list.filters.clvBand')}</span>
              <Select name="clvBand" defaultValue={filter.clvBand ? String(filter.clvBand) : ''}>
                <option value="">{ta('list.filters.any')}</option>
                {[5, 4, 3, 2, 1].map((b) => (
                  <option key={b} value={b}>
                    {ta(`clvBands.${b}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className={field}>
              <span className={caption}>{ta('list.filters.alive')}</span>
              <Select name="alive" defaultValue={filter.alive ?? ''}>
                <option value="">{ta('list.filters.any')}</option>
                {ALIVE_BAND_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {ta(`aliveBands.${k}`)}
                  </option>
                ))}
              </Select>
            </label>
            {analytics.clusters > 0 ? (
              <label className={field}>
                <span className={caption}>{ta('list.filters.cluster')}</span>
                <Select name="cluster" defaultValue={filter.cluster === undefined ? '' : String(filter.cluster)}>
                  <option value="">{ta('list.filters.any')}</option>
                  {Array.from({ length: analytics.clusters }, (_, c) => `${c}`).map((c) => (
                    <option key={c} value={c}>
                      {ta('segments.clusterName', { number: Number(c) + 1 })}
                    </option>
                  ))}
                </Select>
              </label>
            ) : null}
            {drills.map((k) => (
              <input key={k} type="hidden" name={k} value={String(filter[k])} />
            ))}
          </>
        ) : null}
        <label className={field}>
          <span className={caption}>{t('createdFrom')}</span>
          <Input type="date" name="from" defaultValue={filter.from} />
        </label>
        <label className={field}>
          <span className={caption}>{t('createdTo')}</span>
          <Input type="date" name="to" defaultValue={filter.to} />
        </label>
      </FilterDisclosure>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <a href="/customers" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </a>
      </div>
      {analytics && drills.length ? (
        <p className="w-full text-sm text-slate-600" data-testid="drill-filters">
          {ta('list.filters.drill', { what: drillText })}{' '}
          <a href={`/customers?${clearDrills.toString()}`} className="text-brand-700 hover:underline">
            {ta('list.filters.clear')}
          </a>
        </p>
      ) : null}
    </form>
  );
}
