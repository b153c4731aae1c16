import { getFormatter, getTranslations } from 'next-intl/server';
import { ChartCard } from '@/components/charts/chart-card';
import type { ChartTable } from '@/components/charts/types';
import type { AgentRow, ServiceDashboardFilter } from '@/lib/service/dashboard';

/** Every agent's numbers and the team's (all agents) as the last row; each name opens that agent's dashboard. */
export async function AgentsTable({
  agents,
  team,
  filter,
}: {
  agents: AgentRow[];
  team: AgentRow;
  filter: ServiceDashboardFilter;
}) {
  const [t, format] = await Promise.all([getTranslations('serviceDashboard'), getFormatter()]);
  const pct = (v: number | null) =>
    v === null ? t('none') : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const hours = (m: number | null) =>
    m === null ? t('none') : t('duration', { hours: format.number(m / 60, { maximumFractionDigits: 1 }) });
  const row = (a: AgentRow, name: string, href?: string) => ({
    values: {
      name,
      open: a.open,
      firstRate: a.firstResponse.rate,
      firstMedian: a.firstResponse.medianMinutes,
      resolutionRate: a.resolution.rate,
      resolutionMedian: a.resolution.medianMinutes,
      csat: a.csat.rate,
      responses: a.csat.responses,
    },
    display: {
      open: format.number(a.open),
      firstRate: pct(a.firstResponse.rate),
      firstMedian: hours(a.firstResponse.medianMinutes),
      resolutionRate: pct(a.resolution.rate),
      resolutionMedian: hours(a.resolution.medianMinutes),
      csat: pct(a.csat.rate),
      responses: format.number(a.csat.responses),
    },
    href,
  });
  const table: ChartTable = {
    columns: [
      { key: 'name', label: t('agents.columns.name') },
      { key: 'open', label: t('agents.columns.open'), numeric: true },
      { key: 'firstRate', label: t('agents.columns.firstRate'), numeric: true },
      { key: 'firstMedian', label: t('agents.columns.firstMedian'), numeric: true },
      { key: 'resolutionRate', label: t('agents.columns.resolutionRate'), numeric: true },
      { key: 'resolutionMedian', label: t('agents.columns.resolutionMedian'), numeric: true },
      { key: 'csat', label: t('agents.columns.csat'), numeric: true },
      { key: 'responses', label: t('agents.columns.responses'), numeric: true },
    ],
    rows: [
      ...agents.map((a) =>
        row(
          a,
          a.agentId ? (a.name ?? '—') : t('agents.unassigned'),
          a.agentId ? `/service?days=${filter.days}&by=${filter.by}&agent=${a.agentId}` : undefined,
        ),
      ),
      row(team, t('agents.team')),
    ],
  };
  return <ChartCard id="service-by-agent" title={t('agents.title')} description={t('agents.hint')} table={table} />;
}
