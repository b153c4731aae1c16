// Wall-clock times in a named time zone. Pure and client-safe: the activity form reads a
// `datetime-local` value (a wall time without a zone) in the zone every date is shown in.

const DAY = 86_400_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `at` (milliseconds). */
function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
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
  // The zone's offsets a day either side: the same, except across a daylight-saving change.
  const offsets = [offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone)];
  const fits = offsets.map((o) => wall - o).filter((t) => t + offsetAt(t, timeZone) === wall);
  return new Date(fits.length ? Math.min(...fits) : wall - offsets[0]);
}
