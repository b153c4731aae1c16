import { getFormatter, getTranslations } from 'next-intl/server';
import { ChartCard } from '@/components/charts/chart-card';
import { LineChartView } from '@/components/charts/line-chart';
import { evenlySpaced } from '@/components/charts/thin';
import type { ChartTable } from '@/components/charts/types';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Td, Th } from '@/components/ui/table';
import type { CurrentRun } from '@/lib/analytics/dashboards/base';
import { fitMessageText } from '@/lib/analytics/fit-message';
import { assessModel, type Verdict } from '@/lib/analytics/model-card';

/** Points of the cumulative holdout line drawn and tabled (about a year of weeks). */
const CUMULATIVE_POINTS = 53;

const TONE: Record<Verdict, 'success' | 'warning' | 'error' | 'info'> = {
  good: 'success',
  fair: 'warning',
  poor: 'error',
  unknown: 'info',
};

/**
 * The model card: BG/NBD and Gamma-Gamma parameters with standard errors and log-likelihoods, the
 * holdout check per frequency group and cumulative over time, and a plain "can I trust this". The
 * model is fitted on every customer; `showCheck` is false for viewers who see only some customers
 * (the check's counts are the whole company's).
 */
export async function ModelCard({
  run,
  showCheck,
  filtered,
}: {
  run: CurrentRun;
  showCheck: boolean;
  filtered: boolean;
}) {
  const [t, tf, format] = await Promise.all([
    getTranslations('analytics.modelCard'),
    getTranslations('analytics.modelCard.fit'),
    getFormatter(),
  ]);
  const trust = assessModel(run.parameters, run.metrics);
  const n = (v: number | undefined | null, digits = 3) =>
    v === null || v === undefined || !Number.isFinite(v)
      ? '—'
      : format.number(v, { maximumSignificantDigits: digits + 1 });
  const pct = (v: number) => format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const bg = run.parameters.bgNbd;
  const gg = run.parameters.gammaGamma;
  const h = run.metrics.holdout;

  const params: { model: string; name: string; estimate: number | undefined; se: number | null | undefined }[] = [
    { model: 'BG/NBD', name: 'r', estimate: bg.r.value, se: bg.r.se },
    { model: 'BG/NBD', name: 'α', estimate: bg.alpha.value, se: bg.alpha.se },
    { model: 'BG/NBD', name: 'a', estimate: bg.a.value, se: bg.a.se },
    { model: 'BG/NBD', name: 'b', estimate: bg.b.value, se: bg.b.se },
    { model: 'Gamma-Gamma', name: 'p', estimate: gg.p?.value, se: gg.p?.se },
    { model: 'Gamma-Gamma', name: 'q', estimate: gg.q?.value, se: gg.q?.se },
    { model: 'Gamma-Gamma', name: 'γ', estimate: gg.gamma?.value, se: gg.gamma?.se },
  ];

  const sentence = (key: string, verdict: Verdict, values: Record<string, number>) => {
    const shown: Record<string, string> = {};
    for (const [k, v] of Object.entries(values))
      shown[k] = ['error', 'worst'].includes(k)
        ? pct(v)
        : k === 'correlation'
          ? n(v, 2)
          : format.number(v, { maximumFractionDigits: 0 });
    const id = key === 'holdout' && !showCheck && verdict !== 'unknown' ? 'holdoutShort' : key;
    return t(`checks.${id}.${verdict}`, shown);
  };

  const groupTable: ChartTable | null = h?.byFrequency?.length
    ? {
        columns: [
          { key: 'x', label: t('columns.group') },
          { key: 'customers', label: t('columns.customers'), numeric: true },
          { key: 'actual', label: t('columns.actual'), numeric: true },
          { key: 'predicted', label: t('columns.predicted'), numeric: true },
        ],
        rows: h.byFrequency.map((g) => ({
          values: { x: g.x, customers: g.customers, actual: g.actualMean, predicted: g.predictedMean },
          display: { customers: format.number(g.customers), actual: n(g.actualMean), predicted: n(g.predictedMean) },
        })),
      }
    : null;
  // A weekly line over the whole holdout period: thinned for the chart and its table (the shape
  // and the end value survive; every point made the page a megabyte).
  const cumulative = evenlySpaced(h?.cumulative ?? [], CUMULATIVE_POINTS);
  const cumulativeTable: ChartTable | null = cumulative.length
    ? {
        columns: [
          { key: 'day', label: t('columns.day') },
          { key: 'actual', label: t('columns.actualCumulative'), numeric: true },
          { key: 'predicted', label: t('columns.predictedCumulative'), numeric: true },
        ],
        rows: cumulative.map((p) => ({
          values: { day: p.day, actual: p.actual, predicted: Math.round(p.predicted * 10) / 10 },
          display: {
            actual: format.number(p.actual),
            predicted: format.number(p.predicted, { maximumFractionDigits: 0 }),
          },
        })),
      }
    : null;

  return (
    <section aria-labelledby="model-card-heading" className="space-y-6">
      <Card>
        <CardHeader title={<span id="model-card-heading">{t('title')}</span>} description={t('description')} />
        <CardBody className="space-y-4">
          <Alert tone={TONE[trust.verdict]} data-testid="model-verdict">
            <p className="font-semibold">{t(`verdict.${trust.verdict}`)}</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {trust.checks.map((c) => (
                <li key={c.key}>{sentence(c.key, c.verdict, c.values)}</li>
              ))}
            </ul>
          </Alert>
          {filtered ? <p className="text-sm text-slate-500">{t('wholeCompany')}</p> : null}
          {/* The library's fit messages are English sentences on the run: shown in the reader's language. */}
          {[bg.status, gg.status].map((s, i) =>
            s.state !== 'fitted' && s.message ? (
              <p key={i === 0 ? 'bg' : 'gg'} className="text-sm text-amber-800" data-testid="fit-detail">
                {t('statusDetail', { message: fitMessageText(tf, s.message) })}
              </p>
            ) : null,
          )}
          <div className="grid gap-4 lg:grid-cols-2">
            {/* Scrolls sideways on a phone: reachable by keyboard (axe scrollable-region-focusable). */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard */}
            <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={t('parameters')}>
              <table className="w-full border-collapse text-sm">
                <caption className="sr-only">{t('parameters')}</caption>
                <thead>
                  <tr>
                    <Th>{t('columns.model')}</Th>
                    <Th>{t('columns.parameter')}</Th>
                    <Th className="text-right">{t('columns.estimate')}</Th>
                    <Th className="text-right">{t('columns.se')}</Th>
                  </tr>
                </thead>
                <tbody>
                  {params.map((p) => (
                    <tr key={`${p.model}-${p.name}`}>
                      <Td>{p.model}</Td>
                      <Td>{p.name}</Td>
                      <Td className="text-right tabular-nums" data-testid={`param-${p.model}-${p.name}`}>
                        {n(p.estimate)}
                      </Td>
                      <Td className="text-right tabular-nums">
                        {p.se === null || p.se === undefined ? '—' : `± ${n(p.se, 2)}`}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <dl className="grid grid-cols-1 content-start gap-2 text-sm">
              {(
                [
                  ['bgLogLikelihood', n(bg.logLikelihood, 6)],
                  ['ggLogLikelihood', n(gg.logLikelihood, 6)],
                  ['bgCustomers', format.number(bg.customers)],
                  ['ggCustomers', gg.customers === undefined ? '—' : format.number(gg.customers)],
                  ['bgStatus', t(`state.${bg.status.state}`)],
                  ['ggStatus', t(`state.${gg.status.state}`)],
                  ['calibrationEnd', h?.calibrationEnd ?? '—'],
                  ['asOf', run.asOf],
                ] as const
              ).map(([key, value]) => (
                <div key={key} className="flex justify-between gap-3 border-b border-slate-100 pb-1">
                  <dt className="text-slate-500">{t(`facts.${key}`)}</dt>
                  <dd className="text-right tabular-nums text-slate-800">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
        </CardBody>
      </Card>
      {showCheck ? (
        <div className="grid gap-6 xl:grid-cols-2">
          {groupTable ? (
            <ChartCard
              id="calibration-by-frequency"
              title={t('byFrequency')}
              description={t('byFrequencyHint')}
              table={groupTable}
            >
              <LineChartView
                format="decimal"
                x="x"
                series={[
                  { key: 'actual', label: t('columns.actual') },
                  { key: 'predicted', label: t('columns.predicted'), dashed: true },
                ]}
                data={h!.byFrequency!.map((g) => ({ x: g.x, actual: g.actualMean, predicted: g.predictedMean }))}
              />
            </ChartCard>
          ) : null}
          {cumulativeTable ? (
            <ChartCard
              id="calibration-over-time"
              title={t('cumulative')}
              description={t('cumulativeHint')}
              table={cumulativeTable}
            >
              <LineChartView
                x="day"
                series={[
                  { key: 'actual', label: t('columns.actualCumulative') },
                  { key: 'predicted', label: t('columns.predictedCumulative'), dashed: true },
                ]}
                data={cumulative.map((p) => ({ day: p.day, actual: p.actual, predicted: p.predicted }))}
              />
            </ChartCard>
          ) : null}
          {!groupTable && !cumulativeTable ? <p className="text-sm text-slate-500">{t('noHoldout')}</p> : null}
        </div>
      ) : (
        <p className="text-sm text-slate-500">{t('checkHidden')}</p>
      )}
    </section>
  );
}
