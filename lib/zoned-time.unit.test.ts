import { describe, expect, it } from 'vitest';
import { wallTimeToInstant } from './zoned-time';

const iso = (local: string, zone: string) => wallTimeToInstant(local, zone)?.toISOString() ?? null;

describe('wallTimeToInstant', () => {
  it('reads a datetime-local value in the named zone, not the machine’s', () => {
    expect(iso('2030-01-15T09:30', 'UTC')).toBe('2030-01-15T09:30:00.000Z');
    expect(iso('2030-01-15T09:30', 'America/New_York')).toBe('2030-01-15T14:30:00.000Z'); // EST, UTC−5
    expect(iso('2030-07-15T09:30', 'America/New_York')).toBe('2030-07-15T13:30:00.000Z'); // EDT, UTC−4
    expect(iso('2030-01-15T09:30', 'Asia/Shanghai')).toBe('2030-01-15T01:30:00.000Z'); // UTC+8
    expect(iso('2030-01-15T09:30:15', 'Asia/Kolkata')).toBe('2030-01-15T04:00:15.000Z'); // UTC+5:30
  });

  it('across daylight-saving changes (New York, 2026): a skipped time moves forward, a repeated one is its first occurrence', () => {
    expect(iso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // shows 03:30 EDT
    expect(iso('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(iso('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // EDT, the first 01:30
    expect(iso('2026-11-01T02:30', 'America/New_York')).toBe('2026-11-01T07:30:00.000Z');
  });

  it('refuses what is not a wall time', () => {
    for (const bad of ['', '2030-01-15', '2030-02-30T10:00', '2030-13-01T10:00', '2030-01-15T24:00', 'soon'])
      expect(wallTimeToInstant(bad, 'UTC')).toBeNull();
  });
});
