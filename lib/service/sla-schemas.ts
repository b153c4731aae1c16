import { z } from 'zod';
import { SUPPORTED_YEARS, versionField } from '@/lib/validation';
import { calendarProblems, type Period } from './business-hours';

// The SLA admin's forms (client-safe). Messages are "validation" catalog keys.

const checkbox = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const TARGET_UNITS = ['minutes', 'hours'] as const;
/** A target is at most a year of business minutes. */
const MAX_TARGET_MINUTES = 525_600;

const targetValue = z.preprocess(
  blankToUndefined,
  z.coerce.number('slaTarget').positive('slaTarget').max(MAX_TARGET_MINUTES, 'slaTarget'),
);

/** A target as a number and a unit → whole minutes. */
function toMinutes(value: number, unit: (typeof TARGET_UNITS)[number]): number {
  return Math.round(unit === 'hours' ? value * 60 : value);
}

export const SlaPolicySchema = z
  .object({
    /** Blank: a new policy for `priority` (one that has none). */
    id: z.preprocess(blankToUndefined, z.uuid().optional()),
    version: z.preprocess(blankToUndefined, versionField.optional()),
    priority: z.enum(PRIORITIES, 'invalid'),
    name: z.string().trim().min(1, 'required').max(80, 'tooLong'),
    firstResponse: targetValue,
    firstResponseUnit: z.enum(TARGET_UNITS, 'timeUnit'),
    resolution: targetValue,
    resolutionUnit: z.enum(TARGET_UNITS, 'timeUnit'),
    /** Blank: around the clock. */
    calendarId: z.preprocess(blankToNull, z.uuid('invalid').nullable()),
    escalateNotify: checkbox,
    escalateReassignTo: z.preprocess(blankToNull, z.uuid('invalid').nullable()),
  })
  .transform((v) => ({
    id: v.id,
    version: v.version,
    priority: v.priority,
    name: v.name,
    firstResponseMinutes: toMinutes(v.firstResponse, v.firstResponseUnit),
    resolutionMinutes: toMinutes(v.resolution, v.resolutionUnit),
    calendarId: v.calendarId,
    escalateNotify: v.escalateNotify,
    escalateReassignTo: v.escalateReassignTo,
  }))
  .superRefine((v, ctx) => {
    if (v.firstResponseMinutes < 1 || v.firstResponseMinutes > MAX_TARGET_MINUTES)
      ctx.addIssue({ code: 'custom', path: ['firstResponse'], message: 'slaTarget' });
    if (v.resolutionMinutes < v.firstResponseMinutes || v.resolutionMinutes > MAX_TARGET_MINUTES)
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'slaResolution' });
  });
export type SlaPolicyInput = z.infer<typeof SlaPolicySchema>;

/** Field names of a calendar form: start-0 / end-0 (Monday) … start-6 / end-6, repeated per period; holiday, repeated. */
export const periodField = (day: number, edge: 'start' | 'end') => `${edge}-${day}`;

/** FormData of a calendar form → the object CalendarSchema parses. */
export function calendarFormObject(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const all = (name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');
  const periods = Array.from({ length: 7 }, (_, d) => {
    const starts = all(periodField(d, 'start'));
    const ends = all(periodField(d, 'end'));
    // A row left blank (added, then not filled in) is no period, not an error.
    return starts
      .map((start, i) => ({ start: start.trim(), end: (ends[i] ?? '').trim() }))
      .filter((p) => p.start || p.end);
  });
  return {
    id: text('id'),
    version: text('version'),
    name: text('name'),
    timeZone: text('timeZone'),
    periods,
    holidays: all('holiday')
      .map((h) => h.trim())
      .filter(Boolean),
  };
}

const PROBLEM_MESSAGE = {
  time: 'periodTime',
  crossesMidnight: 'periodCrossesMidnight',
  overlap: 'periodOverlap',
} as const;

export const CalendarSchema = z
  .object({
    id: z.preprocess(blankToUndefined, z.uuid().optional()),
    version: z.preprocess(blankToUndefined, versionField.optional()),
    name: z.string().trim().min(1, 'required').max(80, 'tooLong'),
    timeZone: z.string().trim().min(1, 'required').max(64, 'timeZone'),
    periods: z
      .array(z.array(z.object({ start: z.string().max(5), end: z.string().max(5) })).max(12, 'tooMany'))
      .length(7, 'invalid'),
    holidays: z.array(z.string().max(10)).max(400, 'tooMany'),
  })
  .transform((v) => ({ ...v, holidays: [...new Set(v.holidays)].sort() }))
  .superRefine((v, ctx) => {
    // A real date, but in a year nobody means (9999-12-31): a typo, refused like one.
    const year = (h: string) => Number(h.slice(0, 4));
    if (v.holidays.some((h) => year(h) < SUPPORTED_YEARS.min || year(h) > SUPPORTED_YEARS.max))
      ctx.addIssue({ code: 'custom', path: ['holidays'], message: 'date' });
    for (const p of calendarProblems({
      timeZone: v.timeZone,
      periods: v.periods as Period[][],
      holidays: v.holidays,
    })) {
      if (p.code === 'timeZone') ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'timeZone' });
      else if (p.code === 'holiday') ctx.addIssue({ code: 'custom', path: ['holidays'], message: 'date' });
      else if (p.code === 'noWorkingTime')
        ctx.addIssue({ code: 'custom', path: ['periods'], message: 'noWorkingTime' });
      else if (p.code === 'weekdays') ctx.addIssue({ code: 'custom', path: ['periods'], message: 'invalid' });
      else ctx.addIssue({ code: 'custom', path: [`day${p.day}`], message: PROBLEM_MESSAGE[p.code] });
    }
  });
export type CalendarInput = z.infer<typeof CalendarSchema>;
