// Client-safe: how a refresh that the process stopped in the middle of is marked in
// analytics_runs.error (lib/analytics/refresh.ts), so the pages can say so in the reader's language.
export const INTERRUPTED = 'Interrupted:';
