import { getFormatter, getTranslations } from 'next-intl/server';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { KpiTiles } from '@/components/charts/kpi-tiles';
import { LineChartView } from '@/components/charts/line-chart';
import { moneyFormats } from '@/components/charts/money';
import type { ChartTable } from '@/components/charts/types';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import {
  type DashboardCampaign,
  FUNNEL_STEPS,
  funnel,
  type MarketingDashboard,
  type MarketingDashboardFilter,
} from '@/lib/marketing/dashboard';
import { RecalculateButton } from './recalculate-button';

/** The dashboard's numbers: KPI tiles, then each chart with its table (and its CSV). */
export async function MarketingDashboardView({
  data,
  filter,
  canRecalculate,
}: {
  data: MarketingDashboard;
  filter: MarketingDashboardFilter;
  canRecalculate: boolean;
}) {
  const [t, format, money] = await Promise.all([getTranslations('marketingDashboard'), getFormatter(), moneyFormats()]);
  if (!data.anyCampaign)
    return (
      <Card>
        <EmptyState title={t('empty.title')} description={t('empty.description')} />
      </Card>
    );
  const list = data.campaigns;
  if (list.length === 0)
    return (
      <Card>
        <EmptyState title={t('emptyRange.title')} description={t('emptyRange.description')} />
      </Card>
    );

  const int = (v: number | null) => (v === null ? t('none') : format.number(v));
  const pct = (v: number | null) =>
    v === null ? t('none') : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });

  // Totals over the campaigns shown.
  const sum = (f: (c: DashboardCampaign) => number) => list.reduce((s, c) => s + f(c), 0);
  const total = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, sum((c) => funnel(c)[step] ?? 0)])) as Record<
    (typeof FUNNEL_STEPS)[number],
    number
  >;
  const computed = list.filter((c) => c.result);
  const revenue = computed.reduce((s, c) => s + Number(c.result!.revenue), 0);
  const cost = computed.reduce((s, c) => s + Number(c.cost), 0);
  const unsubscribed = sum((c) => c.counters.unsubscribed);
  const bounced = sum((c) => c.counters.bounced);
  const oldest = computed.reduce<Date | null>(
    (min, c) => (min === null || c.result!.computedAt < min ? c.result!.computedAt : min),
    null,
  );

  const funnelTable: ChartTable = {
    columns: [
      { key: 'step', label: t('funnel.columns.step') },
      { key: 'members', label: t('funnel.columns.members'), numeric: true },
      { key: 'share', label: t('funnel.columns.share'), numeric: true },
    ],
    rows: FUNNEL_STEPS.map((step) => ({
      values: { step: t(`funnel.${step}`), members: total[step], share: ratio(total[step], total.audience) },
      display: { members: int(total[step]), share: pct(ratio(total[step], total.audience)) },
    })),
  };

  const lift = (c: DashboardCampaign) => {
    const r = c.result;
    if (!r) return t('notComputed');
    if (r.holdoutMembers === 0) return t('lift.noHoldout');
    if (r.caveats.includes('holdoutTooSmall') || r.caveats.includes('sentTooSmall'))
      return t('lift.tooSmall', { holdout: r.holdoutMembers });
    if (r.ciLow === null || r.ciHigh === null) return t('lift.noSpread');
    return t('lift.ci', { low: money.full(r.ciLow), high: money.full(r.ciHigh) });
  };
  const roiTable: ChartTable = {
    columns: [
      { key: 'campaign', label: t('roi.columns.campaign') },
      { key: 'revenue', label: t('roi.columns.revenue'), numeric: true },
      { key: 'cost', label: t('roi.columns.cost'), numeric: true },
      { key: 'roi', label: t('roi.columns.roi'), numeric: true },
      { key: 'sent', label: t('roi.columns.sent'), numeric: true },
      { key: 'holdout', label: t('roi.columns.holdout'), numeric: true },
      { key: 'lift', label: t('roi.columns.lift'), numeric: true },
      { key: 'ci', label: t('roi.columns.ci'), numeric: true },
      { key: 'computedAt', label: t('roi.columns.computedAt'), numeric: true },
    ],
    rows: list.map((c) => {
      const r = c.result;
      return {
        href: `/marketing?campaign=${c.id}&from=${data.from}&to=${data.to}`,
        values: {
          campaign: c.name,
          revenue: r ? Number(r.revenue) : null,
          cost: Number(c.cost),
          roi: r?.roi ?? null,
          sent: r?.sentMembers ?? null,
          holdout: r?.holdoutMembers ?? null,
          lift: r?.incrementalPerMember ?? null,
          ci: r && r.ciLow !== null && r.ciHigh !== null && r.caveats.length === 0 ? `${r.ciLow}…${r.ciHigh}` : lift(c),
          computedAt: r ? r.computedAt.toISOString() : null,
        },
        display: {
          revenue: r ? money.full(r.revenue) : t('notComputed'),
          cost: money.full(c.cost),
          roi: r ? pct(r.roi) : t('none'),
          sent: int(r?.sentMembers ?? null),
          holdout: int(r?.holdoutMembers ?? null),
          lift: r?.incrementalPerMember != null ? money.full(r.incrementalPerMember) : t('none'),
          ci: lift(c),
          computedAt: r ? when(r.computedAt) : t('notComputed'),
        },
      };
    }),
  };

  const campaignsTable: ChartTable = {
    columns: [
      { key: 'campaign', label: t('campaigns.columns.campaign') },
      { key: 'started', label: t('campaigns.columns.started'), numeric: true },
      ...FUNNEL_STEPS.map((s) => ({ key: s, label: t(`funnel.${s}`), numeric: true })),
      { key: 'openRate', label: t('campaigns.columns.openRate'), numeric: true },
      { key: 'clickRate', label: t('campaigns.columns.clickRate'), numeric: true },
      { key: 'unsubscribed', label: t('campaigns.columns.unsubscribed'), numeric: true },
      { key: 'bounced', label: t('campaigns.columns.bounced'), numeric: true },
    ],
    rows: list.map((c) => {
      const f = funnel(c);
      const steps = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, f[s]]));
      return {
        href: `/campaigns/${c.id}`,
        values: {
          campaign: c.name,
          started: c.startedAt ? c.startedAt.toISOString() : null,
          ...steps,
          openRate: ratio(f.opened, f.delivered),
          clickRate: ratio(f.clicked, f.delivered),
          unsubscribed: c.counters.unsubscribed,
          bounced: c.counters.bounced,
        },
        display: {
          started: c.startedAt ? format.dateTime(c.startedAt, { dateStyle: 'medium' }) : t('none'),
          ...Object.fromEntries(FUNNEL_STEPS.map((s) => [s, int(f[s])])),
          converted: f.converted === null ? t('notComputed') : int(f.converted),
          openRate: pct(ratio(f.opened, f.delivered)),
          clickRate: pct(ratio(f.clicked, f.delivered)),
          unsubscribed: int(c.counters.unsubscribed),
          bounced: int(c.counters.bounced),
        },
      };
    }),
  };

  const lossTable: ChartTable = {
    columns: [
      { key: 'campaign', label: t('losses.columns.campaign') },
      { key: 'unsubscribed', label: t('losses.columns.unsubscribed'), numeric: true },
      { key: 'unsubscribeRate', label: t('losses.columns.unsubscribeRate'), numeric: true },
      { key: 'bounced', label: t('losses.columns.bounced'), numeric: true },
      { key: 'bounceRate', label: t('losses.columns.bounceRate'), numeric: true },
    ],
    rows: list.map((c) => {
      const attempted = c.counters.sent + c.counters.failed;
      return {
        values: {
          campaign: c.name,
          unsubscribed: c.counters.unsubscribed,
          unsubscribeRate: ratio(c.counters.unsubscribed, c.counters.sent),
          bounced: c.counters.bounced,
          bounceRate: ratio(c.counters.bounced, attempted),
        },
        display: {
          unsubscribed: int(c.counters.unsubscribed),
          unsubscribeRate: pct(ratio(c.counters.unsubscribed, c.counters.sent)),
          bounced: int(c.counters.bounced),
          bounceRate: pct(ratio(c.counters.bounced, attempted)),
        },
      };
    }),
  };

  // Segment sizes: one row per day, one column per segment.
  const days = [...new Set(data.sizes.map((p) => p.day))].sort();
  const sizeAt = new Map(data.sizes.map((p) => [`${p.segmentId}|${p.day}`, p.memberCount]));
  const sizeTable: ChartTable = {
    columns: [
      { key: 'day', label: t('sizes.columns.day') },
      ...data.segments.map((s) => ({ key: s.id, label: s.name, numeric: true })),
    ],
    rows: days.map((d) => ({
      values: { day: d, ...Object.fromEntries(data.segments.map((s) => [s.id, sizeAt.get(`${s.id}|${d}`) ?? null])) },
      display: Object.fromEntries(data.segments.map((s) => [s.id, int(sizeAt.get(`${s.id}|${d}`) ?? null)])),
    })),
  };

  const single = filter.campaign ? list[0] : null;
  return (
    <div className="space-y-6">
      <section
        aria-label={t('status.label')}
        className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:flex-row sm:items-center sm:justify-between"
      >
        <p data-testid="attribution-as-of">
          {oldest
            ? t('status.computed', { at: when(oldest), count: computed.length, total: list.length })
            : t('status.never')}
        </p>
        {canRecalculate ? <RecalculateButton campaignId={single?.id} /> : null}
      </section>
      <KpiTiles
        label={t('kpis.label')}
        items={[
          {
            key: 'delivered',
            label: t('kpis.delivered'),
            value: int(total.delivered),
            sub: t('kpis.campaigns', { count: list.length }),
          },
          {
            key: 'open-rate',
            label: t('kpis.openRate'),
            value: pct(ratio(total.opened, total.delivered)),
            sub: t('kpis.ofDelivered', { count: total.opened }),
          },
          {
            key: 'click-rate',
            label: t('kpis.clickRate'),
            value: pct(ratio(total.clicked, total.delivered)),
            sub: t('kpis.ofDelivered', { count: total.clicked }),
          },
          {
            key: 'revenue',
            label: t('kpis.revenue'),
            value: computed.length ? money.compact(revenue) : t('notComputed'),
            sub: t('kpis.cost', { cost: money.compact(cost) }),
          },
          {
            key: 'roi',
            label: t('kpis.roi'),
            value: cost > 0 ? pct((revenue - cost) / cost) : t('none'),
            sub: t('kpis.roiSub'),
          },
          {
            key: 'unsubscribed',
            label: t('kpis.unsubscribed'),
            value: int(unsubscribed),
            sub: t('kpis.rateOfDelivered', { rate: pct(ratio(unsubscribed, total.delivered)) }),
          },
          {
            key: 'bounced',
            label: t('kpis.bounced'),
            value: int(bounced),
            sub: t('kpis.rateOfSent', { rate: pct(ratio(bounced, total.sent)) }),
          },
          {
            key: 'converted',
            label: t('kpis.converted'),
            value: int(total.converted),
            sub: t('kpis.rateOfDelivered', { rate: pct(ratio(total.converted, total.delivered)) }),
          },
        ]}
      />
      <div className="grid gap-6 2xl:grid-cols-2">
        <ChartCard
          id="marketing-funnel"
          title={single ? t('funnel.titleOne', { name: single.name }) : t('funnel.title')}
          description={t('funnel.hint')}
          table={funnelTable}
          side
        >
          <BarChartView
            horizontal
            data={FUNNEL_STEPS.map((s) => ({ category: t(`funnel.${s}`), members: total[s] }))}
            series={[{ key: 'members', label: t('funnel.columns.members') }]}
          />
        </ChartCard>
        <ChartCard id="marketing-roi" title={t('roi.title')} description={t('roi.hint')} table={roiTable}>
          <BarChartView
            legend
            format="money"
            data={list.map((c) => ({
              category: c.name,
              revenue: c.result ? Number(c.result.revenue) : null,
              cost: Number(c.cost),
            }))}
            series={[
              { key: 'revenue', label: t('roi.columns.revenue') },
              { key: 'cost', label: t('roi.columns.cost') },
            ]}
          />
        </ChartCard>
      </div>
      <ChartCard
        id="marketing-campaigns"
        title={t('campaigns.title')}
        description={t('campaigns.hint')}
        table={campaignsTable}
      />
      <div className="grid gap-6 2xl:grid-cols-2">
        <ChartCard id="marketing-losses" title={t('losses.title')} description={t('losses.hint')} table={lossTable}>
          <BarChartView
            legend
            data={list.map((c) => ({
              category: c.name,
              unsubscribed: c.counters.unsubscribed,
              bounced: c.counters.bounced,
            }))}
            series={[
              { key: 'unsubscribed', label: t('losses.columns.unsubscribed') },
              { key: 'bounced', label: t('losses.columns.bounced') },
            ]}
          />
        </ChartCard>
        <ChartCard
          id="segment-sizes"
          title={t('sizes.title')}
          description={
            days.length ? (
              t('sizes.hint')
            ) : (
              <>
                {t('sizes.none')}{' '}
                <Link href="/segments" className="text-brand-700 hover:underline">
                  {t('sizes.segments')}
                </Link>
              </>
            )
          }
          table={sizeTable}
        >
          {days.length ? (
            <LineChartView
              x="day"
              data={days.map((d) => ({
                day: d,
                ...Object.fromEntries(data.segments.map((s) => [s.id, sizeAt.get(`${s.id}|${d}`) ?? null])),
              }))}
              series={data.segments.map((s) => ({ key: s.id, label: s.name }))}
              discrete={days.length < 3}
            />
          ) : null}
        </ChartCard>
      </div>
    </div>
  );
}
