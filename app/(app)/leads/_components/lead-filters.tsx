import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import { LEAD_STATUSES, type LeadFilter } from '@/lib/sales/leads/schemas';

/**
 * A plain GET form: filters land in the URL, work without JavaScript and can be bookmarked. On a
 * phone only the search box and Apply show; the rest open from a Filters button. The owner filter
 * is there for those who assign leads (a rep's list is their own leads).
 */
export async function LeadFilters({
  filter,
  sources,
  owners,
}: {
  filter: LeadFilter;
  sources: string[];
  owners: { id: string; name: string }[] | null;
}) {
  const [t, ts] = await Promise.all([getTranslations('leads.filters'), getTranslations('leads.status')]);
  const active = [
    filter.status,
    filter.source,
    owners ? filter.owner : undefined,
    filter.scoreMin,
    filter.scoreMax,
  ].filter((v) => v !== undefined).length;
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
      <FilterDisclosure active={active}>
        <label className={field}>
          <span className={caption}>{t('status')}</span>
          <Select name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('any')}</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ts(s)}
              </option>
            ))}
          </Select>
        </label>
        <label className={field}>
          <span className={caption}>{t('source')}</span>
          <Select name="source" defaultValue={filter.source ?? ''}>
            <option value="">{t('any')}</option>
            {sources.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        </label>
        {owners ? (
          <label className={field}>
            <span className={caption}>{t('owner')}</span>
            <Select name="owner" defaultValue={filter.owner ?? ''}>
              <option value="">{t('any')}</option>
              <option value="me">{t('me')}</option>
              <option value="none">{t('noOwner')}</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </label>
        ) : null}
        <label className="w-[calc(50%-0.375rem)] text-sm sm:w-24">
          <span className={caption}>{t('scoreMin')}</span>
          <Input type="number" name="scoreMin" min={0} max={100} defaultValue={filter.scoreMin} />
        </label>
        <label className="w-[calc(50%-0.375rem)] text-sm sm:w-24">
          <span className={caption}>{t('scoreMax')}</span>
          <Input type="number" name="scoreMax" min={0} max={100} defaultValue={filter.scoreMax} />
        </label>
      </FilterDisclosure>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <a href="/leads" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </a>
      </div>
    </form>
  );
}
