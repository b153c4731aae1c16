import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { OrderImportProgress } from '@/lib/sales/order-import/progress';

const TONES: Record<OrderImportProgress['status'], BadgeTone> = {
  uploading: 'blue',
  queued: 'gray',
  running: 'blue',
  cancelling: 'amber',
  cancelled: 'gray',
  done: 'green',
  failed: 'red',
};

export function StatusBadge({ status, label }: { status: OrderImportProgress['status']; label: string }) {
  return <Badge tone={TONES[status]}>{label}</Badge>;
}
