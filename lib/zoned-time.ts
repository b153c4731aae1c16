// Wall-clock times in a named time zone. Pure and client-safe: the activity form reads a
// `datetime-local` value (a wall time without a zone) in the zone every date is shown in.

const DAY = 86_400_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than using it (an import reads 500k dates). */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `at` (milliseconds). */
function offsetAt(at: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant (ms) at which the zone's clock shows `wall` (ms of the wall time read as UTC); see wallTimeToInstant. */
function wallToInstant(wall: number, offset: (at: number) => number): number {
  // The zone's offsets a day either side: the same, except across a daylight-saving change.
  const offsets = [offset(wall - DAY), offset(wall + DAY)];
  const fits = offsets.map((o) => wall - o).filter((t) => t + offset(t) === wall);
  return fits.length ? Math.min(...fits) : wall - offsets[0];
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR = 900_000;

/**
 * A fast wall-time → instant converter for one zone, for reading many dates (an order import),
 * with the same daylight-saving rules as wallTimeToInstant. The zone's offset is looked up once per
 * UTC day when it is the same at both ends of the day, else once per quarter hour (zones change
 * offset only at quarter hours, and at most once a day). Takes the wall time as milliseconds of
 * Date.UTC(y, m, d, h, mi, s).
 */
export function zonedWallClock(timeZone: string): (wall: number) => number {
  formatterFor(timeZone); // throws RangeError for an unknown zone
  const cache = new Map<number, number>();
  const at = (ms: number) => {
    let o = cache.get(ms);
    if (o === undefined) {
      o = offsetAt(ms, timeZone);
      cache.set(ms, o);
    }
    return o;
  };
  const offset = (t: number) => {
    const day = Math.floor(t / DAY) * DAY;
    const start = at(day);
    if (start === at(day + DAY)) return start;
    return at(Math.floor(t / QUARTER_HOUR) * QUARTER_HOUR);
  };
  return (wall) => wallToInstant(wall, offset);
}

/**
 * The instant at which the clock in `timeZone` shows `local` ("2030-01-15T09:30", as a
 * `datetime-local` input gives it), or null for a malformed or impossible value. A wall time that
 * a daylight-saving change skips is read with the offset before the change (02:30 on a spring-forward
 * night becomes 03:30); one that occurs twice, as its first occurrence.
 */
export function wallTimeToInstant(local: string, timeZone: string): Date | null {
  const m = WALL_TIME.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return null; // 2026-02-30
  return new Date(wallToInstant(wall, (at) => offsetAt(at, timeZone)));
}
