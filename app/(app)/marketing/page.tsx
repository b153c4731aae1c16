import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import {
  getMarketingDashboard,
  type MarketingDashboard,
  type MarketingDashboardFilter,
  MarketingDashboardFilterSchema,
} from '@/lib/marketing/dashboard';
import { firstValues } from '@/lib/search-params';
import { MarketingDashboardView } from './_components/dashboard-view';

export const metadata: Metadata = { title: 'Marketing dashboard' };

// The marketing dashboard (issue 13): each campaign's funnel, revenue, ROI and lift against its
// holdout, unsubscribes and bounces, and segment sizes over time. It reads campaign counters and the
// attribution job's results (small tables), so it needs no Suspense. Marketers and admins may ask
// for a recalculation; managers read; reps and agents get a 404.
export default async function MarketingDashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('marketing:read');
  const filter = MarketingDashboardFilterSchema.parse(firstValues(await searchParams));
  const [t, data] = await Promise.all([getTranslations('marketingDashboard'), getMarketingDashboard(viewer, filter)]);
  if (!data) return null;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {data.anyCampaign ? <Filters filter={filter} data={data} /> : null}
      <MarketingDashboardView data={data} filter={filter} canRecalculate={can(viewer, 'marketing:write')} />
    </>
  );
}

/** A plain GET form: the filters live in the URL and work without JavaScript. */
async function Filters({ filter, data }: { filter: MarketingDashboardFilter; data: MarketingDashboard }) {
  const t = await getTranslations('marketingDashboard.filters');
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <label className="w-full text-sm sm:w-64">
        <span className={caption}>{t('campaign')}</span>
        <Select name="campaign" defaultValue={filter.campaign ?? ''}>
          <option value="">{t('allCampaigns')}</option>
          {data.choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </label>
      <label className="w-full text-sm sm:w-40">
        <span className={caption}>{t('from')}</span>
        <Input type="date" name="from" defaultValue={data.from} />
      </label>
      <label className="w-full text-sm sm:w-40">
        <span className={caption}>{t('to')}</span>
        <Input type="date" name="to" defaultValue={data.to} />
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <Link href="/marketing" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </Link>
      </div>
    </form>
  );
}
