import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import Link from '@/components/ui/link';
import type { PairSide } from '@/lib/customers/duplicates/find-duplicates';
import { DUPLICATE_REASONS, type DuplicateReason, NAME_SIMILARITY } from '@/lib/customers/duplicates/schemas';

/** One customer of a duplicate pair: name (linked), email, phone, owner and created date. */
export async function PairSideCell({ side }: { side: PairSide }) {
  const [t, format] = await Promise.all([getTranslations('duplicates'), getFormatter()]);
  return (
    <div className="space-y-0.5">
      <Link href={`/customers/${side.id}`} className="font-medium text-brand-700 hover:underline">
        {side.name}
      </Link>
      {side.email ? <div className="text-slate-600 wrap-anywhere">{side.email}</div> : null}
      {side.phone ? <div className="text-slate-600">{side.phone}</div> : null}
      <div className="text-xs text-slate-500">
        {side.ownerName ? t('owner', { name: side.ownerName }) : t('noOwner')} ·{' '}
        {t('created', { date: format.dateTime(side.createdAt, { dateStyle: 'medium' }) })}
      </div>
    </div>
  );
}

const REASON_TONES: Record<DuplicateReason, BadgeTone> = {
  email: 'red',
  phone: 'amber',
  name: 'blue',
  address: 'violet',
  domain: 'gray',
  sharedEmail: 'gray',
  sharedPhone: 'gray',
};

/** Why two customers look alike, strongest signal first. Similar names show how alike they are. */
export async function MatchBadges({ reasons, nameScore }: { reasons: readonly DuplicateReason[]; nameScore: number }) {
  const t = await getTranslations('duplicates');
  return (
    <div className="flex flex-wrap gap-1">
      {DUPLICATE_REASONS.filter((r) => reasons.includes(r)).map((r) => (
        <Badge key={r} tone={REASON_TONES[r]}>
          {r === 'name' ? t('nameScore', { score: Math.round(nameScore * 100) }) : t(`reasons.${r}`)}
        </Badge>
      ))}
    </div>
  );
}

/** How strongly a pair looks like one customer, 0–100, with a word for it. */
export function strengthLevel(strength: number): 'strong' | 'likely' | 'possible' {
  return strength >= 80 ? 'strong' : strength >= 45 ? 'likely' : 'possible';
}

export async function StrengthBadge({ strength }: { strength: number }) {
  const t = await getTranslations('duplicates');
  const level = strengthLevel(strength);
  const tone = level === 'strong' ? 'red' : level === 'likely' ? 'amber' : 'gray';
  return (
    <Badge tone={tone} className="whitespace-nowrap tabular-nums">
      {t('strengthValue', { level, value: strength })}
    </Badge>
  );
}

/** The reasons a live look-alike of one customer matched, as the scan would record them. */
export function possibleReasons(d: { sameEmail: boolean; samePhone: boolean; nameScore: number }): DuplicateReason[] {
  return [
    ...(d.sameEmail ? (['email'] as const) : []),
    ...(d.samePhone ? (['phone'] as const) : []),
    ...(d.nameScore >= NAME_SIMILARITY ? (['name'] as const) : []),
  ];
}
