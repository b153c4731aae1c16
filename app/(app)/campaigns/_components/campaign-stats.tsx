import { getFormatter, getTranslations } from 'next-intl/server';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import type { ChartTable } from '@/components/charts/types';
import type { Viewer } from '@/lib/auth/permissions';
import type { CampaignCounters } from '@/lib/marketing/campaigns/campaigns';
import { countSkipReasons } from '@/lib/marketing/campaigns/members';

/**
 * The campaign's funnel from its counters (one row, kept as sends happen): audience → sent →
 * delivered (sent − bounced) → opened → clicked, as bars with the same numbers in a table.
 */
export async function CampaignFunnel({ counters }: { counters: CampaignCounters }) {
  const [t, format] = await Promise.all([getTranslations('campaigns.stats'), getFormatter()]);
  const delivered = Math.max(0, counters.sent - counters.bounced);
  const steps: { key: string; value: number; of: number | null }[] = [
    { key: 'audience', value: counters.audience, of: null },
    { key: 'sent', value: counters.sent, of: counters.audience },
    { key: 'delivered', value: delivered, of: counters.sent },
    { key: 'opened', value: counters.opened, of: delivered },
    { key: 'clicked', value: counters.clicked, of: delivered },
  ];
  const pct = (n: number, of: number | null) =>
    of ? format.number(n / of, { style: 'percent', maximumFractionDigits: 1 }) : '—';
  const table: ChartTable = {
    columns: [
      { key: 'step', label: t('step') },
      { key: 'count', label: t('count'), numeric: true },
      { key: 'rate', label: t('share'), numeric: true },
    ],
    rows: steps.map((s) => ({
      values: { step: t(`steps.${s.key}`), count: s.value, rate: s.of ? s.value / s.of : null },
      display: { count: format.number(s.value), rate: pct(s.value, s.of) },
    })),
  };
  return (
    <ChartCard id="campaign-funnel" title={t('funnel')} description={t('funnelHint')} table={table} side>
      <BarChartView
        data={steps.map((s) => ({ category: t(`steps.${s.key}`), count: s.value }))}
        series={[{ key: 'count', label: t('count') }]}
        horizontal
        height={240}
      />
    </ChartCard>
  );
}

/** Who was left out and what went wrong, apart from the funnel: holdout, skipped by reason, failed, bounced, unsubscribed, bot opens. */
export async function CampaignApart({
  viewer,
  campaignId,
  counters,
}: {
  viewer: Viewer;
  campaignId: string;
  counters: CampaignCounters;
}) {
  const [t, format, skips] = await Promise.all([
    getTranslations('campaigns.stats'),
    getFormatter(),
    countSkipReasons(viewer, campaignId, counters.skipped),
  ]);
  const queued = Math.max(0, counters.audience - counters.sent - counters.failed - counters.skipped - counters.holdout);
  const approx = (n: number) => (skips?.exact === false ? `≈ ${format.number(n)}` : format.number(n));
  const rows: ChartTable['rows'] = [
    { key: 'holdout', n: counters.holdout },
    { key: 'skipped', n: counters.skipped },
    { key: 'failed', n: counters.failed },
    { key: 'bounced', n: counters.bounced },
    { key: 'unsubscribed', n: counters.unsubscribed },
    { key: 'botOpens', n: counters.botOpens },
    { key: 'queued', n: queued },
  ].map((r) => ({ values: { what: t(`other.${r.key}`), count: r.n }, display: { count: format.number(r.n) } }));
  const skipRows: ChartTable['rows'] = (skips?.rows ?? []).map((r) => ({
    values: { what: `${t('other.skipped')}: ${t(`skipReasons.${r.reason}`)}`, count: r.count },
    display: { what: `— ${t(`skipReasons.${r.reason}`)}`, count: approx(r.count) },
  }));
  // The reasons follow the skipped row.
  rows.splice(2, 0, ...skipRows);
  const table: ChartTable = {
    columns: [
      { key: 'what', label: t('reason') },
      { key: 'count', label: t('count'), numeric: true },
    ],
    rows,
  };
  return (
    <ChartCard
      id="campaign-apart"
      title={t('apart')}
      description={t('apartHint')}
      table={table}
      tableClassName="max-h-none"
    />
  );
}
