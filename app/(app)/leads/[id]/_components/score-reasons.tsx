import { getTranslations } from 'next-intl/server';
import type { LeadScoreReason } from '@/db/schema';

/** Each rule that made the score, with its points: the score is no black box. */
export async function ScoreReasons({ reasons }: { reasons: LeadScoreReason[] }) {
  const t = await getTranslations('leads');
  if (reasons.length === 0) return <p className="text-sm text-slate-500">{t('detail.noReasons')}</p>;
  const describeReason = (r: LeadScoreReason) => {
    if (r.kind === 'email_domain') {
      if (r.value === 'free' || r.value === 'company') return t(`reason.${r.value}`);
      return t('reason.domain', { value: r.value });
    }
    if (r.kind === 'source' || r.kind === 'industry' || r.kind === 'employees' || r.kind === 'activity')
      return t(`reason.${r.kind}`, { value: r.value });
    return r.value;
  };
  return (
    <ul className="divide-y divide-slate-100 text-sm" aria-label={t('detail.score')}>
      {reasons.map((r) => (
        <li key={r.ruleId} className="flex items-center justify-between gap-3 py-1.5">
          <span>{describeReason(r)}</span>
          <span className={`tabular-nums font-medium ${r.points < 0 ? 'text-red-700' : 'text-emerald-700'}`}>
            {r.points > 0 ? '+' : '−'}
            {Math.abs(r.points)}
          </span>
        </li>
      ))}
    </ul>
  );
}
