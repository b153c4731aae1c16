import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { LeadStatus } from '@/lib/sales/leads/schemas';

const TONES: Record<LeadStatus, BadgeTone> = {
  new: 'blue',
  contacted: 'violet',
  qualified: 'amber',
  converted: 'green',
  unqualified: 'gray',
};

export function StatusBadge({ status, label }: { status: LeadStatus; label: string }) {
  return (
    <Badge tone={TONES[status]} className="whitespace-nowrap">
      {label}
    </Badge>
  );
}
