import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import type { PairSide } from '@/lib/customers/duplicates/find-duplicates';
import { NAME_SIMILARITY } from '@/lib/customers/duplicates/schemas';

/** One customer of a duplicate pair: name (linked), email, phone, owner and created date. */
export async function PairSideCell({ side }: { side: PairSide }) {
  const [t, format] = await Promise.all([getTranslations('duplicates'), getFormatter()]);
  return (
    <div className="space-y-0.5">
      <Link href={`/customers/${side.id}`} className="font-medium text-brand-700 hover:underline">
        {side.name}
      </Link>
      {side.email ? <div className="text-slate-600 break-all">{side.email}</div> : null}
      {side.phone ? <div className="text-slate-600">{side.phone}</div> : null}
      <div className="text-xs text-slate-500">
        {side.ownerName ? t('owner', { name: side.ownerName }) : t('noOwner')} ·{' '}
        {t('created', { date: format.dateTime(side.createdAt, { dateStyle: 'medium' }) })}
      </div>
    </div>
  );
}

/** Why two customers look alike. The name score shows only when it is itself a reason. */
export async function MatchBadges({
  sameEmail,
  samePhone,
  nameScore,
}: {
  sameEmail: boolean;
  samePhone: boolean;
  nameScore: number;
}) {
  const t = await getTranslations('duplicates');
  return (
    <div className="flex flex-wrap gap-1">
      {sameEmail ? <Badge tone="red">{t('sameEmail')}</Badge> : null}
      {samePhone ? <Badge tone="amber">{t('samePhone')}</Badge> : null}
      {nameScore >= NAME_SIMILARITY ? (
        <Badge tone="blue">{t('nameScore', { score: Math.round(nameScore * 100) })}</Badge>
      ) : null}
    </div>
  );
}
