import { describe, expect, it } from 'vitest';
import { wallTimeToInstant } from '@/lib/zoned-time';
import {
  ALWAYS_OPEN,
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  CalendarError,
  calendarProblems,
  isBusinessTime,
  MAX_TARGET_WEEKS,
  type Period,
  targetFitsCalendar,
  weeklyWorkingMinutes,
} from './business-hours';

const nine5: Period[] = [{ start: '09:00', end: '17:00' }];
const weekdays = (day: Period[]): Period[][] => [day, day, day, day, day, [], []];

function calendar(timeZone: string, day: Period[] = nine5, holidays: string[] = []): BusinessCalendar {
  return { timeZone, periods: weekdays(day), holidays };
}

/** A wall time in a zone as an instant. */
function at(local: string, zone: string): Date {
  const d = wallTimeToInstant(local, zone);
  if (!d) throw new Error(`bad time ${local}`);
  return d;
}

const UTC = calendar('UTC');
const SH = calendar('Asia/Shanghai');
const lunch: Period[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];

describe('addBusinessMinutes', () => {
  it('created Friday 16:30 with a 1-hour target and Mon–Fri 09:00–17:00: due Monday 09:30 (30 min Fri + 30 min Mon)', () => {
    // 2026-12-04 is a Friday.
    const due = addBusinessMinutes(SH, at('2026-12-04T16:30', 'Asia/Shanghai'), 60);
    expect(due).toEqual(at('2026-12-07T09:30', 'Asia/Shanghai'));
  });

  it('inside one period just adds: Tuesday 10:15 + 90 min = 11:45', () => {
    expect(addBusinessMinutes(UTC, at('2026-12-01T10:15', 'UTC'), 90)).toEqual(at('2026-12-01T11:45', 'UTC'));
  });

  it('a due time at the end of a period stays there: Friday 16:00 + 60 = Friday 17:00', () => {
    expect(addBusinessMinutes(UTC, at('2026-12-04T16:00', 'UTC'), 60)).toEqual(at('2026-12-04T17:00', 'UTC'));
  });

  it('multi-day targets: Monday 09:00 + 3 days of 8 h (1440 min) = Wednesday 17:00; + 1441 = Thursday 09:01', () => {
    const from = at('2026-11-30T09:00', 'UTC');
    expect(addBusinessMinutes(UTC, from, 1440)).toEqual(at('2026-12-02T17:00', 'UTC'));
    expect(addBusinessMinutes(UTC, from, 1441)).toEqual(at('2026-12-03T09:01', 'UTC'));
  });

  it('lunch break: 11:30 + 60 min with 09:00–12:00 and 13:30–18:00 = 14:00 (30 before lunch, 30 after)', () => {
    const cal = calendar('Asia/Shanghai', lunch);
    expect(addBusinessMinutes(cal, at('2026-12-01T11:30', 'Asia/Shanghai'), 60)).toEqual(
      at('2026-12-01T14:00', 'Asia/Shanghai'),
    );
    // Created during lunch: the clock starts at 13:30.
    expect(addBusinessMinutes(cal, at('2026-12-01T12:45', 'Asia/Shanghai'), 15)).toEqual(
      at('2026-12-01T13:45', 'Asia/Shanghai'),
    );
  });

  it('periods given out of order are sorted', () => {
    const cal = calendar('UTC', [lunch[1], lunch[0]]);
    expect(addBusinessMinutes(cal, at('2026-12-01T11:30', 'UTC'), 60)).toEqual(at('2026-12-01T14:00', 'UTC'));
  });

  it('created outside hours: Tuesday 20:00 + 30 min = Wednesday 09:30; Saturday 10:00 + 30 = Monday 09:30', () => {
    expect(addBusinessMinutes(UTC, at('2026-12-01T20:00', 'UTC'), 30)).toEqual(at('2026-12-02T09:30', 'UTC'));
    expect(addBusinessMinutes(UTC, at('2026-12-01T06:00', 'UTC'), 30)).toEqual(at('2026-12-01T09:30', 'UTC'));
    expect(addBusinessMinutes(UTC, at('2026-12-05T10:00', 'UTC'), 30)).toEqual(at('2026-12-07T09:30', 'UTC'));
  });

  it('holidays are skipped: a Wednesday holiday moves Tuesday 16:30 + 60 to Thursday 09:30', () => {
    const cal = calendar('UTC', nine5, ['2026-12-02']);
    expect(addBusinessMinutes(cal, at('2026-12-01T16:30', 'UTC'), 60)).toEqual(at('2026-12-03T09:30', 'UTC'));
  });

  it('a holiday on the Monday after a weekend: Friday 16:30 + 60 = Tuesday 09:30', () => {
    const cal = calendar('UTC', nine5, ['2026-12-07']);
    expect(addBusinessMinutes(cal, at('2026-12-04T16:30', 'UTC'), 60)).toEqual(at('2026-12-08T09:30', 'UTC'));
  });

  it('created on a holiday: the clock starts on the next working day', () => {
    const cal = calendar('UTC', nine5, ['2026-12-25']); // a Friday
    expect(addBusinessMinutes(cal, at('2026-12-25T10:00', 'UTC'), 60)).toEqual(at('2026-12-28T10:00', 'UTC'));
  });

  it('holidays are dates in the calendar zone, not UTC: Shanghai 2026-10-01 00:30 local is still 09-30 in UTC', () => {
    const cal = calendar('Asia/Shanghai', [{ start: '00:00', end: '24:00' }], ['2026-10-01']);
    // Wed 2026-09-30 23:00 local + 120 min: 60 min until midnight, then the holiday, then Friday 01:00.
    expect(addBusinessMinutes(cal, at('2026-09-30T23:00', 'Asia/Shanghai'), 120)).toEqual(
      at('2026-10-02T01:00', 'Asia/Shanghai'),
    );
  });

  it('the wall-clock hours hold across the US spring-forward switch (America/New_York, 2026-03-08)', () => {
    const ny = calendar('America/New_York');
    // Friday 16:30 EST (UTC−5) + 60 = Monday 09:30 EDT (UTC−4): 13:30Z, not 14:30Z.
    const due = addBusinessMinutes(ny, at('2026-03-06T16:30', 'America/New_York'), 60);
    expect(due.toISOString()).toBe('2026-03-09T13:30:00.000Z');
  });

  it('and across the US fall-back switch (2026-11-01): Friday 16:30 EDT + 60 = Monday 09:30 EST (14:30Z)', () => {
    const ny = calendar('America/New_York');
    const due = addBusinessMinutes(ny, at('2026-10-30T16:30', 'America/New_York'), 60);
    expect(due.toISOString()).toBe('2026-11-02T14:30:00.000Z');
    // The weekend is 25 hours longer in UTC than in wall time, and none of it counts.
    expect(businessMinutesBetween(ny, at('2026-10-30T17:00', 'America/New_York'), due)).toBe(30);
  });

  it('a 24-hour day on a switch day is 23 h in spring and 25 h in autumn (Europe/Berlin)', () => {
    const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', periods: [[], [], [], [], [], [], []], holidays: [] };
    berlin.periods[6] = [{ start: '00:00', end: '24:00' }]; // Sundays only; both switches fall on a Sunday
    const springStart = at('2026-03-29T00:00', 'Europe/Berlin');
    const springEnd = at('2026-03-30T00:00', 'Europe/Berlin');
    expect(businessMinutesBetween(berlin, springStart, springEnd)).toBe(23 * 60);
    const autumnStart = at('2026-10-25T00:00', 'Europe/Berlin');
    const autumnEnd = at('2026-10-26T00:00', 'Europe/Berlin');
    expect(businessMinutesBetween(berlin, autumnStart, autumnEnd)).toBe(25 * 60);
    // 23 hours of Sunday 29 March are used up at midnight; one more minute waits a week.
    expect(addBusinessMinutes(berlin, springStart, 23 * 60)).toEqual(springEnd);
    expect(addBusinessMinutes(berlin, springStart, 23 * 60 + 1)).toEqual(at('2026-04-05T00:01', 'Europe/Berlin'));
  });

  it('Berlin office hours across the October switch: Friday 16:30 + 60 = Monday 09:30 CET (08:30Z)', () => {
    const berlin = calendar('Europe/Berlin');
    const due = addBusinessMinutes(berlin, at('2026-10-23T16:30', 'Europe/Berlin'), 60);
    expect(due.toISOString()).toBe('2026-10-26T08:30:00.000Z');
    // The Friday half hour was CEST (UTC+2): 14:30Z–15:00Z.
    expect(businessMinutesBetween(berlin, new Date('2026-10-23T14:30:00Z'), due)).toBe(60);
  });

  it('a 24/7 calendar equals plain minutes', () => {
    const from = new Date('2026-03-07T22:17:00Z');
    for (const minutes of [1, 59, 60, 61, 1440, 7 * 1440 + 13, 90 * 1440]) {
      expect(addBusinessMinutes(ALWAYS_OPEN, from, minutes)).toEqual(new Date(from.getTime() + minutes * 60_000));
    }
    const newYork247 = { ...ALWAYS_OPEN, timeZone: 'America/New_York' };
    // The week around the spring switch: still plain minutes.
    expect(addBusinessMinutes(newYork247, from, 7 * 1440)).toEqual(new Date(from.getTime() + 7 * 86_400_000));
  });

  it('zero minutes is the start itself, even outside hours', () => {
    const sat = at('2026-12-05T10:00', 'UTC');
    expect(addBusinessMinutes(UTC, sat, 0)).toEqual(sat);
  });

  it('refuses negative or infinite minutes', () => {
    expect(() => addBusinessMinutes(UTC, new Date(), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(UTC, new Date(), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('pauses', () => {
  it('a pause of 2 business hours pushes the due time by 2 business hours', () => {
    const from = at('2026-12-01T09:00', 'UTC');
    const pause = { start: at('2026-12-01T10:00', 'UTC'), end: at('2026-12-01T12:00', 'UTC') };
    expect(addBusinessMinutes(UTC, from, 240, [pause])).toEqual(at('2026-12-01T15:00', 'UTC'));
  });

  it('only the business part of a pause counts: paused Tuesday 16:00 → Wednesday 10:00 is 2 business hours', () => {
    const pause = { start: at('2026-12-01T16:00', 'UTC'), end: at('2026-12-02T10:00', 'UTC') };
    expect(businessMinutesBetween(UTC, pause.start, pause.end)).toBe(120);
    const from = at('2026-12-01T09:00', 'UTC');
    // 8 h target: 7 h on Tuesday before the pause, 1 h on Wednesday after it.
    expect(addBusinessMinutes(UTC, from, 480, [pause])).toEqual(at('2026-12-02T11:00', 'UTC'));
    // Equivalent to target + paused business minutes without the pause.
    expect(addBusinessMinutes(UTC, from, 480 + 120)).toEqual(at('2026-12-02T11:00', 'UTC'));
  });

  it('pause and resume: business minutes between skip the paused span; overlapping pauses merge', () => {
    const from = at('2026-12-01T09:00', 'UTC');
    const to = at('2026-12-01T17:00', 'UTC');
    const pauses = [
      { start: at('2026-12-01T10:00', 'UTC'), end: at('2026-12-01T11:00', 'UTC') },
      { start: at('2026-12-01T10:30', 'UTC'), end: at('2026-12-01T12:00', 'UTC') },
    ];
    expect(businessMinutesBetween(UTC, from, to, pauses)).toBe(6 * 60);
  });

  it('an open pause stops the clock: an answer before it comes, one after it throws', () => {
    const from = at('2026-12-01T09:00', 'UTC');
    const open = [{ start: at('2026-12-01T12:00', 'UTC'), end: null }];
    expect(addBusinessMinutes(UTC, from, 60, open)).toEqual(at('2026-12-01T10:00', 'UTC'));
    expect(() => addBusinessMinutes(UTC, from, 240, open)).toThrow(RangeError);
    // Between counts up to `to` with the open pause still running.
    expect(businessMinutesBetween(UTC, from, at('2026-12-01T15:00', 'UTC'), open)).toBe(180);
  });
});

describe('businessMinutesBetween', () => {
  it('Friday 16:30 → Monday 09:30 is 60 business minutes', () => {
    expect(businessMinutesBetween(UTC, at('2026-12-04T16:30', 'UTC'), at('2026-12-07T09:30', 'UTC'))).toBe(60);
  });

  it('is 0 for an empty or reversed span, and counts seconds as fractions', () => {
    const a = at('2026-12-01T10:00', 'UTC');
    expect(businessMinutesBetween(UTC, a, a)).toBe(0);
    expect(businessMinutesBetween(UTC, a, new Date(a.getTime() - 1000))).toBe(0);
    expect(businessMinutesBetween(UTC, a, new Date(a.getTime() + 30_000))).toBe(0.5);
  });

  it('a week of Mon–Fri 09:00–17:00 is 2400 minutes; with a holiday 1920', () => {
    const a = at('2026-11-30T00:00', 'UTC');
    const b = at('2026-12-07T00:00', 'UTC');
    expect(businessMinutesBetween(UTC, a, b)).toBe(2400);
    expect(businessMinutesBetween(calendar('UTC', nine5, ['2026-12-02']), a, b)).toBe(1920);
  });

  it('is the inverse of addBusinessMinutes from inside hours', () => {
    const cal = calendar('America/New_York', lunch, ['2026-11-26']);
    const from = at('2026-11-02T10:07', 'America/New_York');
    for (const minutes of [1, 100, 450, 4000, 20_000]) {
      const due = addBusinessMinutes(cal, from, minutes);
      expect(businessMinutesBetween(cal, from, due)).toBeCloseTo(minutes, 6);
    }
  });
});

describe('calendar validation', () => {
  it('refuses a calendar with no working time, an unknown zone, bad times and overlaps', () => {
    const none = { timeZone: 'UTC', periods: weekdays([]), holidays: [] };
    expect(calendarProblems(none)).toEqual([{ code: 'noWorkingTime' }]);
    expect(() => addBusinessMinutes(none, new Date(), 10)).toThrow(CalendarError);
    expect(calendarProblems({ ...UTC, timeZone: 'Mars/Olympus' })).toContainEqual({ code: 'timeZone' });
    expect(calendarProblems(calendar('UTC', [{ start: '9:00', end: '17:00' }]))).toContainEqual({
      code: 'time',
      day: 0,
      index: 0,
    });
    expect(calendarProblems(calendar('UTC', [{ start: '24:00', end: '24:00' }]))[0].code).toBe('time');
    expect(
      calendarProblems(
        calendar('UTC', [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ]),
      ),
    ).toContainEqual({ code: 'overlap', day: 0, index: 1 });
    expect(calendarProblems({ ...UTC, holidays: ['2026-02-30'] })).toEqual([{ code: 'holiday', index: 0 }]);
    expect(calendarProblems({ ...UTC, periods: [[]] })).toEqual([{ code: 'weekdays' }]);
  });

  it('periods crossing midnight are refused: a night shift is two periods split at 24:00', () => {
    const night = calendar('UTC', [{ start: '22:00', end: '06:00' }]);
    expect(calendarProblems(night)).toContainEqual({ code: 'crossesMidnight', day: 0, index: 0 });
    expect(() => addBusinessMinutes(night, new Date(), 10)).toThrow(CalendarError);
    // Written as 22:00–24:00 Monday + 00:00–06:00 Tuesday, it runs through midnight.
    const split: BusinessCalendar = {
      timeZone: 'UTC',
      periods: [[{ start: '22:00', end: '24:00' }], [{ start: '00:00', end: '06:00' }], [], [], [], [], []],
      holidays: [],
    };
    expect(calendarProblems(split)).toEqual([]);
    expect(addBusinessMinutes(split, at('2026-11-30T23:00', 'UTC'), 120)).toEqual(at('2026-12-01T01:00', 'UTC'));
  });

  it('adjacent periods are fine (12:00–13:00 then 13:00–14:00)', () => {
    const cal = calendar('UTC', [
      { start: '12:00', end: '13:00' },
      { start: '13:00', end: '14:00' },
    ]);
    expect(calendarProblems(cal)).toEqual([]);
    expect(addBusinessMinutes(cal, at('2026-12-01T12:30', 'UTC'), 60)).toEqual(at('2026-12-01T13:30', 'UTC'));
  });
});

describe('isBusinessTime', () => {
  it('is true inside a period and false at its end, at lunch, on weekends and holidays', () => {
    const cal = calendar('UTC', lunch, ['2026-12-02']);
    expect(isBusinessTime(cal, at('2026-12-01T09:00', 'UTC'))).toBe(true);
    expect(isBusinessTime(cal, at('2026-12-01T12:00', 'UTC'))).toBe(false);
    expect(isBusinessTime(cal, at('2026-12-02T10:00', 'UTC'))).toBe(false);
    expect(isBusinessTime(cal, at('2026-12-05T10:00', 'UTC'))).toBe(false);
  });
});

describe('speed', () => {
  it('a year of business time and 10k due times take about a second (steps by days, not minutes)', () => {
    const cal = calendar('Europe/Berlin', lunch, ['2026-12-24', '2026-12-25', '2027-01-01']);
    const t0 = performance.now();
    const from = at('2026-01-05T08:00', 'Europe/Berlin');
    const due = addBusinessMinutes(cal, from, 250 * 450);
    expect(businessMinutesBetween(cal, from, due)).toBeCloseTo(250 * 450, 6);
    for (let i = 0; i < 10_000; i++) addBusinessMinutes(cal, new Date(from.getTime() + i * 3_600_000), 480);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('targetFitsCalendar', () => {
  const oneMinute: Period[][] = [[{ start: '09:00', end: '09:01' }], [], [], [], [], [], []];
  it('allows a target within MAX_TARGET_WEEKS weeks of the calendar, around the clock a year of minutes', () => {
    expect(weeklyWorkingMinutes(oneMinute)).toBe(1);
    expect(targetFitsCalendar(MAX_TARGET_WEEKS, oneMinute)).toBe(true);
    expect(targetFitsCalendar(MAX_TARGET_WEEKS + 1, oneMinute)).toBe(false);
    expect(targetFitsCalendar(525_600, null)).toBe(true);
    expect(
      weeklyWorkingMinutes([
        [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '18:00' },
        ],
        [],
        [],
        [],
        [],
        [],
        [],
      ]),
    ).toBe(450);
  });
});

describe('a period that falls into a DST gap', () => {
  it("is skipped that week without running out of bound (St. John's spring forward at 02:00 on a Sunday)", () => {
    const cal: BusinessCalendar = {
      timeZone: 'America/St_Johns',
      periods: [[], [], [], [], [], [], [{ start: '02:45', end: '03:00' }]],
      holidays: [],
    };
    const from = new Date('2021-10-14T21:16:33.836Z');
    const due = addBusinessMinutes(cal, from, 4779);
    expect(businessMinutesBetween(cal, from, due)).toBeCloseTo(4779, 6);
  });
});
