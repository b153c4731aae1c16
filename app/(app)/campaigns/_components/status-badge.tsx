import { getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { CampaignStatus } from '@/lib/marketing/campaigns/campaigns';

const TONES: Record<CampaignStatus, BadgeTone> = {
  draft: 'gray',
  scheduled: 'violet',
  sending: 'blue',
  paused: 'amber',
  sent: 'green',
  cancelled: 'red',
};

export async function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const t = await getTranslations('campaigns.statuses');
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
