// Business-hours arithmetic for SLA due times. Pure and client-safe: no database, no clock.
//
// A calendar is an IANA time zone, working periods per weekday (several a day, e.g. 09:00–12:00 and
// 13:30–18:00, as wall times in the zone) and holidays (dates in the zone). Each local day's periods
// become instants through the zone's rules, so a daylight-saving change moves them correctly (a day
// of 09:00–17:00 is 8 hours either side of the switch; 00:00–24:00 on the switch day is 23 or 25).
//
// Periods never cross midnight: a night shift is written as two periods, 22:00–24:00 on one day and
// 00:00–06:00 on the next (the validator refuses start ≥ end, with a message saying so). Work is
// bounded by days, never minutes: adding N minutes walks at most a few days past the answer.

// Relative, not '@/': the seed (db/seed/service.ts) imports this file too.
import { isTimeZone, zonedWallClock } from '../zoned-time';

/** A working period as wall times "HH:MM" in the calendar's zone; end may be "24:00" (midnight after). */
export type Period = { start: string; end: string };

/** Monday first (ISO): periods[0] is Monday, periods[6] Sunday. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type BusinessCalendar = {
  timeZone: string;
  /** Seven lists of periods, Monday first. */
  periods: Period[][];
  /** Non-working dates "YYYY-MM-DD" in the calendar's zone. */
  holidays: string[];
};

/** A span during which the SLA clock stood still (a pending case); `end` null = still paused. */
export type Pause = { start: Date; end: Date | null };

/** Every hour of every day: what a policy without a calendar means. */
export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  periods: WEEKDAYS.map(() => [{ start: '00:00', end: '24:00' }]),
  holidays: [],
};

export type CalendarProblem =
  | { code: 'timeZone' }
  | { code: 'weekdays' }
  | { code: 'time'; day: number; index: number }
  | { code: 'crossesMidnight'; day: number; index: number }
  | { code: 'overlap'; day: number; index: number }
  | { code: 'holiday'; index: number }
  | { code: 'noWorkingTime' };

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const QUARTER_HOUR_MS = 900_000;
/** Entries per cache before it starts over (ALWAYS_OPEN lives as long as the process). */
const CACHE_LIMIT = 50_000;

/** "HH:MM" → minutes after midnight (0–1440), or null for anything else ("24:30", "9:00"). */
export function parseHhmm(value: string): number | null {
  const m = HHMM.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 1440 ? null : minutes;
}

/** Whether "YYYY-MM-DD" is a real date. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Everything wrong with a calendar (empty = usable). A period must start before it ends on the same
 * day (no crossing midnight: split it at 24:00), periods of a day must not overlap, and the week must
 * have some working time, or no due time could ever be reached.
 */
export function calendarProblems(cal: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isTimeZone(cal.timeZone)) problems.push({ code: 'timeZone' });
  if (!Array.isArray(cal.periods) || cal.periods.length !== 7) return [...problems, { code: 'weekdays' }];
  let working = 0;
  cal.periods.forEach((day, d) => {
    const spans: [number, number, number][] = [];
    day.forEach((p, i) => {
      const start = parseHhmm(p.start);
      const end = parseHhmm(p.end);
      if (start === null || end === null || start === 1440) problems.push({ code: 'time', day: d, index: i });
      else if (start >= end) problems.push({ code: 'crossesMidnight', day: d, index: i });
      else spans.push([start, end, i]);
    });
    spans.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < spans.length; k++) {
      if (spans[k][0] < spans[k - 1][1]) problems.push({ code: 'overlap', day: d, index: spans[k][2] });
    }
    for (const [s, e] of spans) working += e - s;
  });
  cal.holidays.forEach((h, i) => {
    if (!isIsoDate(h)) problems.push({ code: 'holiday', index: i });
  });
  if (working === 0 && !problems.some((p) => p.code === 'time' || p.code === 'crossesMidnight'))
    problems.push({ code: 'noWorkingTime' });
  return problems;
}

/**
 * How many weeks of a calendar a target may span. A year of business minutes is 525,600 on the
 * around-the-clock calendar, but with one working minute a week it is ten thousand years: each due
 * time then walks millions of days (half a minute of blocked server per case, and a year PostgreSQL
 * cannot read). A target must fit in about a year of the calendar's own weeks.
 */
export const MAX_TARGET_WEEKS = 53;

/** Working minutes in one week of the calendar's periods (holidays and DST aside); 0 for unusable periods. */
export function weeklyWorkingMinutes(periods: Period[][]): number {
  let total = 0;
  for (const day of periods)
    for (const p of day) {
      const start = parseHhmm(p.start);
      const end = parseHhmm(p.end);
      if (start !== null && end !== null && end > start) total += end - start;
    }
  return total;
}

/** Whether a target of `minutes` fits in MAX_TARGET_WEEKS weeks of the calendar (null: around the clock). */
export function targetFitsCalendar(minutes: number, periods: Period[][] | null): boolean {
  const week = periods ? weeklyWorkingMinutes(periods) : 7 * 1440;
  return minutes <= week * MAX_TARGET_WEEKS;
}

export class CalendarError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`invalid business calendar: ${problems.map((p) => p.code).join(', ')}`);
    this.name = 'CalendarError';
  }
}

type Compiled = {
  /** Local wall time (ms, read as UTC) → instant (ms). */
  toInstant: (wall: number) => number;
  /** Instant → the local date's midnight as wall ms (read as UTC). */
  localDay: (at: number) => number;
  /** Per weekday (0 = Monday) sorted [startMinute, endMinute) spans. */
  spans: [number, number][][];
  holidays: Set<number>;
  /** Working minutes in a week, ignoring holidays and DST (for bounds). */
  weekMinutes: number;
  /** workingIntervals per local day, computed once (a seed asks for the same days 200k times). */
  days: Map<number, [number, number][]>;
};

const compiled = new WeakMap<BusinessCalendar, Compiled>();

function compile(cal: BusinessCalendar): Compiled {
  const hit = compiled.get(cal);
  if (hit) return hit;
  const problems = calendarProblems(cal);
  if (problems.length) throw new CalendarError(problems);
  const clock = new Intl.DateTimeFormat('en-US', {
    timeZone: cal.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // The zone's offset per UTC quarter hour (zones change offset only at quarter hours): one
  // formatToParts per bucket instead of per call, which is most of the cost of a due time.
  const offsets = new Map<number, number>();
  const offsetAt = (at: number) => {
    const bucket = Math.floor(at / QUARTER_HOUR_MS);
    let o = offsets.get(bucket);
    if (o === undefined) {
      const start = bucket * QUARTER_HOUR_MS;
      const parts = clock.formatToParts(new Date(start));
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      o = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - start;
      if (offsets.size > CACHE_LIMIT) offsets.clear();
      offsets.set(bucket, o);
    }
    return o;
  };
  const spans = cal.periods.map((day) =>
    day.map((p) => [parseHhmm(p.start)!, parseHhmm(p.end)!] as [number, number]).sort((a, b) => a[0] - b[0]),
  );
  const holidays = new Set(
    cal.holidays.map((h) => {
      const [y, m, d] = h.split('-').map(Number);
      return Date.UTC(y, m - 1, d);
    }),
  );
  const c: Compiled = {
    toInstant: zonedWallClock(cal.timeZone),
    localDay: (at) => Math.floor((at + offsetAt(at)) / DAY_MS) * DAY_MS,
    days: new Map(),
    spans,
    holidays,
    weekMinutes: spans.flat().reduce((sum, [s, e]) => sum + e - s, 0),
  };
  compiled.set(cal, c);
  return c;
}

/** Throws CalendarError unless the calendar is usable (see calendarProblems). */
export function assertCalendar(cal: BusinessCalendar): void {
  compile(cal);
}

/** The working intervals [start, end) as instants (ms) of the local day `day` (midnight wall ms). */
function workingIntervals(c: Compiled, day: number): [number, number][] {
  const hit = c.days.get(day);
  if (hit) return hit;
  const out: [number, number][] = [];
  if (!c.holidays.has(day)) {
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // 0 = Monday
    for (const [s, e] of c.spans[weekday]) {
      const a = c.toInstant(day + s * MINUTE_MS);
      const b = c.toInstant(day + e * MINUTE_MS);
      if (b > a) out.push([a, b]);
    }
  }
  if (c.days.size > CACHE_LIMIT) c.days.clear();
  c.days.set(day, out);
  return out;
}

/** [a, b) minus the pauses (sorted, merged), as pieces. */
function withoutPauses(a: number, b: number, pauses: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let from = a;
  for (const [ps, pe] of pauses) {
    if (pe <= from) continue;
    if (ps >= b) break;
    if (ps > from) out.push([from, ps]);
    from = Math.max(from, pe);
    if (from >= b) break;
  }
  if (from < b) out.push([from, b]);
  return out;
}

/** Pauses as sorted, merged [start, end) ms; an open pause runs to `openEnd`. */
function normalizePauses(pauses: Pause[] | undefined, openEnd: number): [number, number][] {
  if (!pauses?.length) return [];
  const list = pauses
    .map((p) => [p.start.getTime(), p.end ? p.end.getTime() : openEnd] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const p of list) {
    const last = merged[merged.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([...p]);
  }
  return merged;
}

/**
 * The instant `minutes` business minutes after `from`: the clock runs only inside the calendar's
 * periods, not on holidays and not during pauses. Started outside hours it waits for the next period;
 * a due time that lands exactly at a period's end stays there (Friday 16:00 + 60 min with 09:00–17:00
 * hours is Friday 17:00, not Monday 09:00). Zero minutes returns `from`. An open pause (no end) stops
 * the clock for good: when the answer lies beyond its start, it never comes, and this throws RangeError.
 */
export function addBusinessMinutes(cal: BusinessCalendar, from: Date, minutes: number, pauses?: Pause[]): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a finite number ≥ 0');
  const start = from.getTime();
  if (minutes === 0) return new Date(start);
  const c = compile(cal);
  const merged = normalizePauses(pauses, Number.POSITIVE_INFINITY);
  const openFrom = merged.find(([, e]) => e === Number.POSITIVE_INFINITY)?.[0] ?? Number.POSITIVE_INFINITY;
  let left = minutes * MINUTE_MS;
  // Bound: enough weeks for the minutes, plus the holidays, plus the paused days, plus slack.
  const pausedDays = merged.reduce(
    (sum, [s, e]) => (e === Number.POSITIVE_INFINITY ? sum : sum + Math.ceil((e - s) / DAY_MS) + 1),
    0,
  );
  const weeks = Math.ceil(minutes / c.weekMinutes + 1);
  // A period inside a DST gap (Sunday 02:45–03:00 in St. John's) does not happen that week: up to
  // two lost weeks a year (spring forward, and the repeated hour's edge), or a sparse week's target
  // ran out of bound and a case save failed with a RangeError.
  const maxDays = weeks * 7 + Math.ceil(weeks / 52) * 14 + c.holidays.size + pausedDays + 14;
  let day = c.localDay(start) - DAY_MS; // the day before: a period of it may still run (DST edges)
  for (let i = 0; i <= maxDays; i++, day += DAY_MS) {
    if (day - 2 * DAY_MS > openFrom) throw new RangeError('cannot add business time across an open pause');
    for (const [a, b] of workingIntervals(c, day)) {
      if (b <= start) continue;
      for (const [x, y] of withoutPauses(Math.max(a, start), b, merged)) {
        if (y - x >= left) return new Date(x + left);
        left -= y - x;
      }
    }
  }
  throw new RangeError('business time not reached within the bound');
}

/**
 * Business minutes between two instants (0 when `to` ≤ `from`), not counting pauses. May be
 * fractional (seconds count); callers that store whole minutes round.
 */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date, pauses?: Pause[]): number {
  const a0 = from.getTime();
  const b0 = to.getTime();
  if (b0 <= a0) return 0;
  const c = compile(cal);
  const merged = normalizePauses(pauses, Number.POSITIVE_INFINITY);
  let total = 0;
  const last = c.localDay(b0);
  for (let day = c.localDay(a0) - DAY_MS; day <= last; day += DAY_MS) {
    for (const [a, b] of workingIntervals(c, day)) {
      const x0 = Math.max(a, a0);
      const y0 = Math.min(b, b0);
      if (y0 <= x0) continue;
      for (const [x, y] of withoutPauses(x0, y0, merged)) total += y - x;
    }
  }
  return total / MINUTE_MS;
}

/** Whether the calendar is working at the instant (inside a period, not a holiday). */
export function isBusinessTime(cal: BusinessCalendar, at: Date): boolean {
  const c = compile(cal);
  const t = at.getTime();
  const day = c.localDay(t);
  return [day - DAY_MS, day].some((d) => workingIntervals(c, d).some(([a, b]) => t >= a && t < b));
}
