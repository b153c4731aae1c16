import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayParser, daysFromCivil, dayToIso, monthIndex, monthIndexToIso, toDay, toEpochMs } from './dates';

it('day numbers count from 1970-01-01 = 0; 2000-03-01 = 11017 (30 years of 365 days + 7 leap days + 59)', () => {
  expect(daysFromCivil(1970, 1, 1)).toBe(0);
  expect(daysFromCivil(2000, 3, 1)).toBe(30 * 365 + 7 + 31 + 29); // leap days 72…96 and 2000-02-29
  expect(daysFromCivil(1969, 12, 31)).toBe(-1);
});

it('round-trips every day of 1999–2001 through ISO strings, including 2000-02-29', () => {
  for (let d = daysFromCivil(1999, 1, 1); d <= daysFromCivil(2001, 12, 31); d++) expect(toDay(dayToIso(d))).toBe(d);
  expect(dayToIso(daysFromCivil(2000, 2, 29))).toBe('2000-02-29');
});

it('reads Dates, epoch ms and ISO timestamps as the same UTC day', () => {
  const day = daysFromCivil(2006, 12, 31);
  expect(toDay('2006-12-31')).toBe(day);
  expect(toDay('2006-12-31T23:59:59Z')).toBe(day);
  expect(toDay(new Date(Date.UTC(2006, 11, 31, 12)))).toBe(day);
  expect(toDay(day * 86_400_000 + 1)).toBe(day);
  expect(() => toEpochMs('not a date')).toThrow(RangeError);
});

it('month index of 2006-12-31 is 36·12 + 11 = 443 → "2006-12"', () => {
  expect(monthIndex(toDay('2006-12-31'))).toBe(443);
  expect(monthIndexToIso(443)).toBe('2006-12');
});

it('refuses dates that do not exist instead of rolling them over (2023-02-30 was read as 2023-03-02)', () => {
  expect(() => toDay('2023-02-30')).toThrow('"2023-02-30" is not a real date: February 2023 has 28 days');
  expect(() => toDay('2023-13-45')).toThrow('"2023-13-45" is not a real date: there is no month 13');
  expect(() => toDay('2023-04-31')).toThrow(/April 2023 has 30 days/);
  expect(() => toDay('2100-02-29')).toThrow(/February 2100 has 28 days/); // divisible by 100, not by 400
  expect(toDay('2000-02-29')).toBe(daysFromCivil(2000, 2, 29));
  expect(() => toEpochMs('2024-01-01T24:00')).toThrow(/not a real time of day/);
  expect(() => toEpochMs('2024-01-01T10:00+15:00')).toThrow(/time zone offset/);
});

describe('strings are never read in the machine time zone', () => {
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: local 10:00 on 01-01 is 20:00 UTC on 12-31
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('an ISO time without a zone is UTC; with a zone it is that instant (its UTC day)', () => {
    expect(dayToIso(toDay('2024-01-01T10:00'))).toBe('2024-01-01');
    expect(toEpochMs('2024-01-01T10:00:30.5')).toBe(Date.UTC(2024, 0, 1, 10, 0, 30, 500));
    expect(dayToIso(toDay('2024-01-01T23:30:00-05:00'))).toBe('2024-01-02');
    expect(dayToIso(toDay('2024-01-01T07:00+08:00'))).toBe('2023-12-31');
  });

  it('other layouts are refused unless a format is given (12/31/2023 was read in local time)', () => {
    expect(() => toDay('12/31/2023')).toThrow('not an ISO 8601 date: "12/31/2023"');
    expect(() => toDay('2024-01-05 10:00')).toThrow(RangeError);
    expect(() => toDay('Jan 5 2024')).toThrow(RangeError);
  });

  it('dayParser reads MM/DD/YYYY, DD.MM.YYYY and YYYY-MM-DD HH:mm[:ss] as the calendar day written', () => {
    const us = dayParser('MM/DD/YYYY');
    expect(dayToIso(us('12/31/2023'))).toBe('2023-12-31');
    expect(dayToIso(us('1/5/2024'))).toBe('2024-01-05');
    expect(dayToIso(dayParser('DD.MM.YYYY')('05.01.2024'))).toBe('2024-01-05');
    const stamp = dayParser('YYYY-MM-DD HH:mm[:ss]');
    expect(dayToIso(stamp('2024-01-01 23:59'))).toBe('2024-01-01');
    expect(dayToIso(stamp('2024-01-01 23:59:59'))).toBe('2024-01-01');
    expect(dayToIso(dayParser('YYYY-MM-DDTHH:mm')('2024-03-10T00:15'))).toBe('2024-03-10');
  });
});

it('dayParser refuses what does not match or does not exist, and bad formats', () => {
  const us = dayParser('MM/DD/YYYY');
  expect(() => us('31/12/2023')).toThrow('"31/12/2023" is not a real date: there is no month 31');
  expect(() => us('12/31/23')).toThrow('"12/31/23" does not match the date format MM/DD/YYYY');
  expect(() => us('2/30/2024')).toThrow(/February 2024 has 29 days/);
  expect(() => dayParser('YYYY-MM-DD HH:mm')('2024-01-01 25:00')).toThrow(/not a real time of day/);
  expect(() => dayParser('MM/DD/YY')).toThrow(/unknown token at "YY"/);
  expect(() => dayParser('MM/DD')).toThrow(/needs YYYY/);
  expect(() => dayParser('YYYY-MM-DD[ HH:mm')).toThrow(/unclosed \[/);
  expect(() => dayParser('YYYY-MM-DD-DD')).toThrow(/DD twice/);
  expect(dayParser()('2024-02-29')).toBe(toDay('2024-02-29'));
});
