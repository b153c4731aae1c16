import { expect, it } from 'vitest';
import { daysFromCivil, dayToIso, monthIndex, monthIndexToIso, toDay, toEpochMs } from './dates';

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
