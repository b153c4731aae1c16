import { getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { QuoteStatus } from '@/lib/sales/quotes/schemas';

const TONES: Record<QuoteStatus, BadgeTone> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'green',
  rejected: 'red',
  expired: 'amber',
};

export async function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const t = await getTranslations('quotes.statuses');
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
