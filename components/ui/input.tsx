import { forwardRef } from 'react';
import { cn } from './cn';

const field =
  'block w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none disabled:bg-slate-100 aria-[invalid=true]:border-red-500';

export const Input = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...props },
  ref,
) {
  return <input ref={ref} className={cn(field, 'h-9', className)} {...props} />;
});

export const Textarea = forwardRef<HTMLTextAreaElement, React.TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function Textarea({ className, ...props }, ref) {
    return <textarea ref={ref} className={cn(field, 'min-h-20 py-2', className)} {...props} />;
  },
);

/**
 * Keyed by its default value. React applies a select's `defaultValue` only when it mounts, and
 * resets every form after a form action: a form that echoes the submitted values back after a
 * refusal would otherwise show the first render's choice again (and send it next time), e.g. a
 * user created as a sales rep when Marketer had been picked. Inputs, textareas, checkboxes and
 * radios follow a changed default by themselves.
 */
export const Select = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className, ...props },
  ref,
) {
  return (
    <select
      key={JSON.stringify(props.defaultValue ?? null)}
      ref={ref}
      className={cn(field, 'h-9 pr-8', className)}
      {...props}
    />
  );
});

export function Label({ className, ...props }: React.LabelHTMLAttributes<HTMLLabelElement>) {
  // biome-ignore lint/a11y/noLabelWithoutControl: the primitive; callers pass htmlFor or wrap the control
  return <label className={cn('block text-sm font-medium text-slate-700', className)} {...props} />;
}
