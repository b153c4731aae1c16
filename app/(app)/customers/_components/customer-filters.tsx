import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import type { CustomerFilter } from '@/lib/customers/filters';

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
}: {
  filter: CustomerFilter;
  owners: { id: string; name: string }[];
  industries: string[];
  countries: string[];
}) {
  const t = await getTranslations('customers.filters');
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
    </form>
  );
}
