'use server';
import { revalidatePath } from 'next/cache';
import { defineFormAction, succeed } from '@/lib/define-action';
import { saveCalendar, saveSlaPolicy } from './sla-admin';
import { CalendarSchema, calendarFormObject, SlaPolicySchema } from './sla-schemas';

export const saveSlaPolicyAction = defineFormAction(
  { permission: 'sla:write', schema: SlaPolicySchema, checkboxes: ['escalateNotify'] },
  async (viewer, input) => {
    const result = await saveSlaPolicy(viewer, input);
    if (result.ok) revalidatePath('/admin/sla');
    return succeed(result, 'saved');
  },
);

export const saveCalendarAction = defineFormAction(
  { permission: 'sla:write', schema: CalendarSchema, toObject: calendarFormObject },
  async (viewer, input) => {
    const result = await saveCalendar(viewer, input);
    if (result.ok) revalidatePath('/admin/sla');
    return succeed(result, input.id ? 'saved' : 'calendarCreated');
  },
);
