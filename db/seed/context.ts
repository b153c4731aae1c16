import type { ScoreRule } from '../../analytics/lead-score';
// biome-ignore lint/style/noRestrictedImports: a pure module (no db, no framework), shared with refreshCaseSla so seeded due times match
import type { BusinessCalendar } from '../../lib/service/business-hours';
import type { Exec } from './bulk';
import type { Rng } from './random';
import type { Scale } from './scales';

export const DAY = 86_400_000;

export type SeedCustomer = {
  id: string;
  ownerId: string;
  createdAt: Date;
  kind: 'person' | 'company';
  name: string;
  email: string | null;
  contactId: string | null;
  zh: boolean;
};
export type SeedProduct = { id: string; name: string; cents: number; category: string; companion: number };
export type SeedStage = {
  id: string;
  name: string;
  position: number;
  probability: number;
  isWon: boolean;
  isLost: boolean;
};

/** What every seed step shares: the generator, the anchor date ("today") and ids created so far. */
export type SeedContext = {
  rng: Rng;
  anchor: Date;
  scale: Scale;
  exec: Exec;
  log: (message: string) => void;
  users: { admin: string; managers: string[]; reps: string[]; agents: string[]; marketers: string[] };
  stages: SeedStage[];
  products: SeedProduct[];
  sla: Record<'low' | 'normal' | 'high' | 'urgent', { id: string; firstMinutes: number; resolutionMinutes: number }>;
  /** The business hours every seeded SLA policy counts in. */
  calendar: BusinessCalendar;
  customers: SeedCustomer[];
  /** The lead score rules the migration put in (seeded leads are scored with them, reasons and all). */
  scoreRules: ScoreRule[];
};

export const cents = (n: number) => (n / 100).toFixed(2);
export const addMinutes = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
