import { getFormatter, getTranslations } from 'next-intl/server';
import { Card, CardHeader } from '@/components/ui/card';
import type { CaseHistoryItem } from '@/lib/service/cases';

const KNOWN = [
  'create',
  'reply',
  'note',
  'customerReply',
  'status',
  'reopen',
  'priority',
  'assign',
  'csatSurveyIssued',
  'csatAnswered',
  'sla_breach',
  'reassign',
] as const;

/** Every audited change of the case and its comments, newest first. */
export async function CaseHistory({ items }: { items: CaseHistoryItem[] }) {
  const [t, ts, tp, format] = await Promise.all([
    getTranslations('cases.history'),
    getTranslations('cases.statuses'),
    getTranslations('cases.priorities'),
    getFormatter(),
  ]);
  const pair = (v: unknown): [string, string] | null =>
    Array.isArray(v) && v.length === 2 ? [String(v[0]), String(v[1])] : null;
  function detail(item: CaseHistoryItem): string | null {
    const d = item.diff ?? {};
    const status = pair(d.status);
    if (status && ts.has(status[0]) && ts.has(status[1]))
      return t('statusChange', { from: ts(status[0]), to: ts(status[1]) });
    const priority = pair(d.priority);
    if (priority && tp.has(priority[0]) && tp.has(priority[1]))
      return t('priorityChange', { from: tp(priority[0]), to: tp(priority[1]) });
    if (item.action === 'sla_breach' && typeof d.kind === 'string' && t.has(`breachKinds.${d.kind}`)) {
      const kind = t(`breachKinds.${d.kind}`);
      const notified = Array.isArray(d.notified) ? d.notified.map(String) : [];
      return notified.length ? t('escalatedTo', { kind, names: notified.join(', ') }) : t('breachOnly', { kind });
    }
    if (item.action === 'assign' || item.action === 'reassign' || (item.action === 'create' && d.assigneeId)) {
      const who = item.assigneeName ?? t('nobody');
      const rule = typeof d.rule === 'string' && t.has(`rules.${d.rule}`) ? t(`rules.${d.rule}`) : null;
      return rule ? t('assignedByRule', { name: who, rule }) : t('assigned', { name: who });
    }
    return null;
  }
  return (
    <Card>
      <CardHeader title={t('title')} />
      {items.length === 0 ? (
        <p className="p-4 text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <ol aria-label={t('title')} className="divide-y divide-slate-100">
          {items.map((item) => {
            const text = detail(item);
            return (
              <li key={item.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-4 py-2 text-sm">
                <span className="font-medium text-slate-800">
                  {(KNOWN as readonly string[]).includes(item.action) ? t(`actions.${item.action}`) : item.action}
                </span>
                {text ? <span className="text-slate-700">{text}</span> : null}
                <span className="text-slate-600">{item.actorName ?? t('system')}</span>
                <time className="text-xs text-slate-500" dateTime={item.at.toISOString()}>
                  {format.dateTime(item.at, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
