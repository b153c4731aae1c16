export type ScaleName = 'test' | 'demo' | 'medium' | 'large';

export type Scale = {
  customers: number;
  /** Users per role besides the single admin. */
  managers: number;
  reps: number;
  agents: number;
  marketers: number;
  leads: number;
  openDeals: number;
  closedDeals: number;
  cases: number;
  activities: number;
  /** Purchase-rate scale: tuned so orders ≈ 10 × customers. */
  targetOrdersPerCustomer: number;
};

export const SCALES: Record<ScaleName, Scale> = {
  test: {
    customers: 150,
    managers: 1,
    reps: 3,
    agents: 2,
    marketers: 1,
    leads: 60,
    openDeals: 60,
    closedDeals: 40,
    cases: 120,
    activities: 400,
    targetOrdersPerCustomer: 10,
  },
  demo: {
    customers: 2_000,
    managers: 2,
    reps: 6,
    agents: 4,
    marketers: 2,
    leads: 600,
    openDeals: 500,
    closedDeals: 400,
    cases: 2_000,
    activities: 6_000,
    targetOrdersPerCustomer: 10,
  },
  medium: {
    customers: 20_000,
    managers: 3,
    reps: 20,
    agents: 12,
    marketers: 3,
    leads: 6_000,
    openDeals: 5_000,
    closedDeals: 4_000,
    cases: 20_000,
    activities: 40_000,
    targetOrdersPerCustomer: 10,
  },
  large: {
    customers: 100_000,
    managers: 5,
    reps: 60,
    agents: 40,
    marketers: 5,
    leads: 50_000,
    openDeals: 50_000,
    closedDeals: 30_000,
    cases: 200_000,
    activities: 300_000,
    targetOrdersPerCustomer: 10,
  },
};

export function isScaleName(value: string): value is ScaleName {
  return value in SCALES;
}
