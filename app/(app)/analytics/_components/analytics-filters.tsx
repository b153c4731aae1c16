'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';

/**
 * Owner (managers, admins, marketers only: a rep sees their own customers), country and customer
 * type. A plain GET form to the current dashboard: the filters live in the URL.
 */
export function AnalyticsFilters({
  owners,
  countries,
}: {
  owners: { id: string; name: string }[] | null;
  countries: string[];
}) {
  const t = useTranslations('analytics.filters');
  const pathname = usePathname();
  const params = useSearchParams();
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  const field = 'w-full text-sm sm:w-44';
  // Remounting on a URL change resets the uncontrolled selects to the new values.
  const key = `${params.get('owner') ?? ''}|${params.get('country') ?? ''}|${params.get('kind') ?? ''}`;
  return (
    <form
      key={key}
      action={pathname}
      role="search"
      aria-label={t('label')}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      {owners ? (
        <label className={field}>
          <span className={caption}>{t('owner')}</span>
          <Select name="owner" defaultValue={params.get('owner') ?? ''}>
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
        <span className={caption}>{t('country')}</span>
        <Select name="country" defaultValue={params.get('country') ?? ''}>
          <option value="">{t('any')}</option>
          {countries.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </label>
      <label className={field}>
        <span className={caption}>{t('kind')}</span>
        <Select name="kind" defaultValue={params.get('kind') ?? ''}>
          <option value="">{t('any')}</option>
          <option value="person">{t('person')}</option>
          <option value="company">{t('company')}</option>
        </Select>
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <a href={pathname} className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </a>
      </div>
    </form>
  );
}
