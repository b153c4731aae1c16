import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import { CASE_CHANNELS, CASE_PRIORITIES, CASE_STATUSES } from '@/lib/service/case-schemas';
import type { QueueFilter } from '@/lib/service/queue-filters';

/** A plain GET form: the filters land in the URL, work without JavaScript and can be bookmarked. */
export async function QueueFilters({
  filter,
  assignees,
}: {
  filter: QueueFilter;
  /** The assignee choices, for managers and admins; null hides the filter. */
  assignees: { id: string; name: string }[] | null;
}) {
  const t = await getTranslations('cases');
  const field = 'w-full text-sm sm:w-40';
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  const active = [filter.status, filter.channel, filter.assignee].filter(Boolean).length;
  return (
    <form
      role="search"
      aria-label={t('filters.label')}
      className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
    >
      {filter.view ? <input type="hidden" name="view" value={filter.view} /> : null}
      <input type="hidden" name="sort" value={filter.sort} />
      <input type="hidden" name="dir" value={filter.dir} />
      <input type="hidden" name="size" value={filter.size} />
      <label className="w-full text-sm sm:w-56">
        <span className={caption}>{t('filters.customer')}</span>
        <Input type="search" name="customer" defaultValue={filter.customer} maxLength={100} />
      </label>
      <label className={field}>
        <span className={caption}>{t('fields.priority')}</span>
        <Select name="priority" defaultValue={filter.priority ?? ''}>
          <option value="">{t('filters.any')}</option>
          {CASE_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priorities.${p}`)}
            </option>
          ))}
        </Select>
      </label>
      <FilterDisclosure active={active}>
        <label className={field}>
          <span className={caption}>{t('fields.status')}</span>
          <Select name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('filters.any')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </Select>
        </label>
        <label className={field}>
          <span className={caption}>{t('fields.channel')}</span>
          <Select name="channel" defaultValue={filter.channel ?? ''}>
            <option value="">{t('filters.any')}</option>
            {CASE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channels.${c}`)}
              </option>
            ))}
          </Select>
        </label>
        {assignees ? (
          <label className={field}>
            <span className={caption}>{t('fields.assignee')}</span>
            <Select name="assignee" defaultValue={filter.assignee ?? ''}>
              <option value="">{t('filters.any')}</option>
              <option value="me">{t('filters.me')}</option>
              <option value="none">{t('unassigned')}</option>
              {assignees.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </label>
        ) : null}
      </FilterDisclosure>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('filters.apply')}
        </Button>
        <a
          href={filter.view ? `/cases?view=${filter.view}` : '/cases'}
          className="text-sm text-brand-700 hover:underline"
        >
          {t('filters.reset')}
        </a>
      </div>
    </form>
  );
}
