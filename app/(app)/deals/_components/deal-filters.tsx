import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import { activeDealFilters, DEAL_STATUS_FILTERS, type DealFilter } from '@/lib/sales/deals/deal-filters';

/** A plain GET form: the filters land in the URL, work without JavaScript and can be bookmarked. */
export async function DealFilters({
  filter,
  stages,
  owners,
}: {
  filter: DealFilter;
  stages: { id: string; name: string }[];
  /** The owner choices, for managers and admins; null hides the filter. */
  owners: { id: string; name: string }[] | null;
}) {
  const t = await getTranslations('deals.filters');
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
      <label className="w-full text-sm sm:w-56">
        <span className={caption}>{t('customer')}</span>
        <Input type="search" name="customer" defaultValue={filter.customer} placeholder={t('customerPlaceholder')} />
      </label>
      {/* Always in view (also on a phone): the list shows open deals unless this says otherwise. */}
      <label className={field}>
        <span className={caption}>{t('status')}</span>
        <Select name="status" defaultValue={filter.status}>
          {DEAL_STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </Select>
      </label>
      <FilterDisclosure active={activeDealFilters(filter)}>
        <label className={field}>
          <span className={caption}>{t('stage')}</span>
          <Select name="stage" defaultValue={filter.stage ?? ''}>
            <option value="">{t('anyStage')}</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </label>
        {owners ? (
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
        ) : null}
        <label className={field}>
          <span className={caption}>{t('close')}</span>
          <Input type="month" name="close" defaultValue={filter.close} />
        </label>
        <label className="w-[calc(50%-0.375rem)] text-sm sm:w-28">
          <span className={caption}>{t('min')}</span>
          <Input name="min" inputMode="decimal" defaultValue={filter.min} />
        </label>
        <label className="w-[calc(50%-0.375rem)] text-sm sm:w-28">
          <span className={caption}>{t('max')}</span>
          <Input name="max" inputMode="decimal" defaultValue={filter.max} />
        </label>
      </FilterDisclosure>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <a href="/deals" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </a>
      </div>
    </form>
  );
}
