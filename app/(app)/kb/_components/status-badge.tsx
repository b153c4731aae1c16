import { Badge } from '@/components/ui/badge';
import type { KbStatus } from '@/lib/service/kb-schemas';

const TONES = { draft: 'amber', published: 'green', archived: 'gray' } as const;

export function StatusBadge({ status, label }: { status: KbStatus; label: string }) {
  return <Badge tone={TONES[status]}>{label}</Badge>;
}
