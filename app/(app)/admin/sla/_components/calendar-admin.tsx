'use client';

import { Plus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useActionState, useEffect, useId, useRef, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { type Period, WEEKDAYS } from '@/lib/service/business-hours';
import { saveCalendarAction } from '@/lib/service/sla-actions';
import type { CalendarItem } from '@/lib/service/sla-admin';
import { periodField } from '@/lib/service/sla-schemas';

const OFFICE_DAY: Period[] = [{ start: '09:00', end: '17:00' }];
const NEW_CALENDAR: Omit<CalendarItem, 'id' | 'version'> = {
  name: '',
  timeZone: 'UTC',
  periods: [OFFICE_DAY, OFFICE_DAY, OFFICE_DAY, OFFICE_DAY, OFFICE_DAY, [], []],
  holidays: [],
};

/** Every calendar with its week and holidays; admins open an edit form under each. */
export function CalendarList({ calendars, canWrite }: { calendars: CalendarItem[]; canWrite: boolean }) {
  const t = useTranslations('sla.calendars');
  if (calendars.length === 0) return <p className="px-5 py-4 text-sm text-slate-600">{t('empty')}</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label={t('title')}>
      {calendars.map((c) => (
        <CalendarRow key={c.id} calendar={c} canWrite={canWrite} />
      ))}
    </ul>
  );
}

function CalendarRow({ calendar, canWrite }: { calendar: CalendarItem; canWrite: boolean }) {
  const t = useTranslations('sla.calendars');
  const tw = useTranslations('sla.weekdays');
  const [open, setOpen] = useState(false);
  return (
    <li className="px-5 py-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium break-words text-slate-900">{calendar.name}</p>
          <p className="text-sm text-slate-600">{t('zone', { zone: calendar.timeZone })}</p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600">
            {WEEKDAYS.map((d, i) => (
              <div key={d} className="contents">
                <dt className="font-medium text-slate-700">{tw(d)}</dt>
                <dd>
                  {calendar.periods[i]?.length
                    ? calendar.periods[i].map((p) => `${p.start}–${p.end}`).join(', ')
                    : t('closed')}
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-1 text-sm break-words text-slate-600">
            {calendar.holidays.length
              ? t('holidays', { count: calendar.holidays.length, list: calendar.holidays.join(', ') })
              : t('noHolidays')}
          </p>
        </div>
        {canWrite ? (
          <Button
            size="sm"
            variant="secondary"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            // The label holds the calendar's name: a long one wraps inside the button, not past the screen.
            className="h-auto min-h-8 max-w-full py-1 text-left whitespace-normal [overflow-wrap:anywhere]"
          >
            {t('edit', { name: calendar.name })}
          </Button>
        ) : null}
      </div>
      {open ? <CalendarForm calendar={calendar} onDone={() => setOpen(false)} /> : null}
    </li>
  );
}

let rowKey = 0;
const keyed = <T,>(items: T[]) => items.map((item) => ({ key: ++rowKey, ...item }));

/**
 * A calendar's name, zone, periods per weekday (added and removed in place) and holidays. Submitted
 * through onSubmit, not a form action: React resets a form after a form action, which would wipe the
 * added rows' values on a refused save.
 */
export function CalendarForm({ calendar, onDone }: { calendar?: CalendarItem; onDone?: () => void }) {
  const t = useTranslations('sla.calendarForm');
  const tw = useTranslations('sla.weekdays');
  const base = calendar ?? { ...NEW_CALENDAR, id: '', version: 0 };
  const [state, dispatch, pending] = useActionState<ActionState, FormData>(saveCalendarAction, initialActionState);
  const [, startTransition] = useTransition();
  const form = useFormFeedback(state);
  const [days, setDays] = useState(() => base.periods.map((day) => keyed(day)));
  const [holidays, setHolidays] = useState(() => keyed(base.holidays.map((date) => ({ date }))));
  const [generation, setGeneration] = useState(0);
  const handled = useRef<ActionState | null>(null);
  const errorId = useId();
  useEffect(() => {
    if (handled.current === state || !state.ok) return;
    handled.current = state;
    if (onDone) onDone();
    else {
      // A created calendar: the form starts over for the next one.
      setDays(NEW_CALENDAR.periods.map((day) => keyed(day)));
      setHolidays([]);
      setGeneration((g) => g + 1);
    }
  }, [state, onDone]);
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  const label = calendar ? t('editLabel', { name: calendar.name }) : t('newLabel');
  const vt = useTranslations('validation');
  return (
    <form
      key={generation}
      ref={form}
      onSubmit={submit}
      className={calendar ? 'mt-3 space-y-4 rounded-md border border-slate-200 bg-slate-50/60 p-3' : 'space-y-4'}
      noValidate
      aria-label={label}
    >
      <input type="hidden" name="id" value={base.id} />
      <input type="hidden" name="version" value={base.version || ''} />
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t('name')} errors={e.name}>
          <Input name="name" defaultValue={v.name ?? base.name} maxLength={80} required />
        </FormField>
        <FormField label={t('timeZone')} errors={e.timeZone} hint={t('timeZoneHint')}>
          <Input
            name="timeZone"
            defaultValue={v.timeZone ?? base.timeZone}
            maxLength={64}
            required
            autoComplete="off"
          />
        </FormField>
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">{t('periods')}</legend>
        <p className="text-xs text-slate-500">{t('periodsHint')}</p>
        {e.periods?.[0] ? (
          <p className="text-xs text-red-600" role="alert">
            {vt.has(e.periods[0]) ? vt(e.periods[0]) : e.periods[0]}
          </p>
        ) : null}
        {WEEKDAYS.map((d, i) => {
          const error = e[`day${i}`]?.[0];
          const dayError = `${errorId}-day${i}`;
          return (
            <fieldset key={d} className="rounded-md border border-slate-200 bg-white p-2">
              <legend className="px-1 text-sm font-medium text-slate-700">{tw(d)}</legend>
              {days[i].length === 0 ? <p className="px-1 text-sm text-slate-500">{t('closed')}</p> : null}
              <ul className="space-y-2">
                {days[i].map((p, k) => (
                  <li key={p.key} className="flex flex-wrap items-center gap-2">
                    <Input
                      name={periodField(i, 'start')}
                      defaultValue={p.start}
                      aria-label={t('start', { day: tw(d), n: k + 1 })}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? dayError : undefined}
                      placeholder="09:00"
                      inputMode="numeric"
                      maxLength={5}
                      className="w-20"
                    />
                    <span aria-hidden>–</span>
                    <Input
                      name={periodField(i, 'end')}
                      defaultValue={p.end}
                      aria-label={t('end', { day: tw(d), n: k + 1 })}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? dayError : undefined}
                      placeholder="17:00"
                      inputMode="numeric"
                      maxLength={5}
                      className="w-20"
                    />
                    <Button
                      type="button"
                      size="icon"
                      variant="ghost"
                      aria-label={t('removePeriod', { day: tw(d), n: k + 1 })}
                      onClick={() =>
                        setDays(days.map((list, j) => (j === i ? list.filter((x) => x.key !== p.key) : list)))
                      }
                    >
                      <X aria-hidden className="h-4 w-4" />
                    </Button>
                  </li>
                ))}
              </ul>
              {error ? (
                <p id={dayError} className="mt-1 text-xs text-red-600">
                  {vt.has(error) ? vt(error) : error}
                </p>
              ) : null}
              <Button
                type="button"
                size="sm"
                variant="ghost"
                className="mt-1"
                onClick={() =>
                  setDays(days.map((list, j) => (j === i ? [...list, ...keyed([{ start: '', end: '' }])] : list)))
                }
              >
                <Plus aria-hidden className="h-4 w-4" />
                {t('addPeriod', { day: tw(d) })}
              </Button>
            </fieldset>
          );
        })}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{t('holidays')}</legend>
        <p className="text-xs text-slate-500">{t('holidaysHint')}</p>
        <ul className="space-y-2">
          {holidays.map((h, k) => (
            <li key={h.key} className="flex items-center gap-2">
              <Input
                type="date"
                name="holiday"
                defaultValue={h.date}
                aria-label={t('holiday', { n: k + 1 })}
                aria-invalid={e.holidays ? true : undefined}
                className="w-44"
              />
              <Button
                type="button"
                size="icon"
                variant="ghost"
                aria-label={t('removeHoliday', { n: k + 1 })}
                onClick={() => setHolidays(holidays.filter((x) => x.key !== h.key))}
              >
                <X aria-hidden className="h-4 w-4" />
              </Button>
            </li>
          ))}
        </ul>
        {e.holidays?.[0] ? (
          <p className="text-xs text-red-600">{vt.has(e.holidays[0]) ? vt(e.holidays[0]) : e.holidays[0]}</p>
        ) : null}
        <Button
          type="button"
          size="sm"
          variant="ghost"
          onClick={() => setHolidays([...holidays, ...keyed([{ date: '' }])])}
        >
          <Plus aria-hidden className="h-4 w-4" />
          {t('addHoliday')}
        </Button>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {calendar ? t('save') : t('create')}
        </Button>
        {onDone ? (
          <Button type="button" variant="secondary" onClick={onDone}>
            {t('cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
