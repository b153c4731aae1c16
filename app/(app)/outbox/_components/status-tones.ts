import type { BadgeTone } from '@/components/ui/badge';

/** Badge colours of a message's status on the Outbox pages. */
export const STATUS_TONES: Record<string, BadgeTone> = {
  queued: 'amber',
  sent: 'green',
  failed: 'red',
  received: 'blue',
  ignored: 'gray',
};
