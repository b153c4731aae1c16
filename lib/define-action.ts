import 'server-only';
import { z } from 'zod';
import type { ActionState, Reason, Result } from '@/lib/action-state';
import { can, type Permission, type Viewer } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { BAD_CHARACTERS_MESSAGE, findBadCharacters } from '@/lib/validation';

/**
 * Each reason's one message: a "messages" catalog key, or a field error (a "validation" key shown
 * next to that field). The same reason reads the same in every form.
 */
export const REASONS: Record<Reason, { message: string; field?: string; error?: string }> = {
  forbidden: { message: 'forbidden' },
  notFound: { message: 'notFound' },
  stale: { message: 'stale' },
  invalid: { message: 'invalid' },
  ownerInactive: { message: 'ownerInactive', field: 'ownerId', error: 'owner' },
  contactNotOfCustomer: { message: 'contact', field: 'contactId', error: 'contact' },
  emailTaken: { message: 'emailTaken', field: 'email', error: 'emailTaken' },
  lastAdmin: { message: 'lastAdmin' },
  sameRecord: { message: 'sameRecord' },
  // A new password refused by lib/auth/password-policy.ts: each says what is wrong, next to the field.
  passwordPersonal: { message: 'fixFields', field: 'password', error: 'passwordPersonal' },
  passwordCommon: { message: 'fixFields', field: 'password', error: 'passwordCommon' },
  passwordWeak: { message: 'fixFields', field: 'password', error: 'passwordWeak' },
  // A job that runs one at a time (the analytics refresh) is running now.
  alreadyRunning: { message: 'alreadyRunning' },
  reasonRequired: { message: 'fixFields', field: 'reason', error: 'reasonRequired' },
  // A user's unfinished uploads hold disk space on the server: a few at a time (lib/sales/order-import).
  tooManyUploads: { message: 'tooManyUploads' },
  // A converted lead is read-only (lib/sales/leads): its customer, contact and deal carry on.
  leadConverted: { message: 'leadConverted' },
  leadUnqualified: { message: 'leadUnqualified' },
  // Two score rules may not look at the same thing (kind + value).
  ruleTaken: { message: 'fixFields', field: 'value', error: 'ruleTaken' },
  // Converting into an existing customer adds a contact to it: only a customer the viewer may edit.
  customerNotEditable: { message: 'customerNotEditable', field: 'customerId', error: 'customerNotEditable' },
  // A deal starts in the first open stage; the pipeline has none.
  noOpenStage: { message: 'noOpenStage' },
  // Products and quotes (lib/sales/products, lib/sales/quotes).
  skuTaken: { message: 'fixFields', field: 'sku', error: 'skuTaken' },
  discountTooLarge: { message: 'fixFields', field: 'discountValue', error: 'discountTooLarge' },
  // A quote line, subtotal or total beyond what numeric(14,2) holds (999,999,999,999.99).
  amountTooLarge: { message: 'fixFields', field: 'lines', error: 'amountTooLarge' },
  quoteExpired: { message: 'quoteExpired' },
  dealClosed: { message: 'dealClosed' },
  // A quote of a deal already won (params.quote: the accepted quote's number, or 'none' when won on the board).
  dealWon: { message: 'dealWon' },
  // The quote's deal or customer was deleted: nothing to sell to.
  dealDeleted: { message: 'dealDeleted' },
  // Pipeline stages (lib/sales/stages): a stage's kind cannot change, nor may it be switched off, while deals are in it;
  // the pipeline keeps one open, one won and one lost stage; a removed stage's deals go to an active stage of its kind.
  stageInUse: { message: 'stageInUse' },
  lastStage: { message: 'lastStage' },
  stageTarget: { message: 'fixFields', field: 'targetId', error: 'stageTarget' },
  // Cases (lib/service): an assignee must be an active agent, manager or admin; statuses follow the workflow.
  assigneeInactive: { message: 'assigneeInactive', field: 'assigneeId', error: 'assignee' },
  statusMove: { message: 'statusMove', field: 'status', error: 'statusMove' },
  // SLA admin (lib/service/sla-admin.ts): calendar names are unique; an escalation reassigns to an active agent.
  calendarNameTaken: { message: 'fixFields', field: 'name', error: 'calendarNameTaken' },
  escalationAssignee: { message: 'fixFields', field: 'escalateReassignTo', error: 'escalationAssignee' },
  // A policy's target must fit in about a year of its calendar's weeks (business-hours MAX_TARGET_WEEKS),
  // and a calendar edit may not leave a policy that uses it with such a target.
  slaTargetTooLong: { message: 'fixFields', field: 'resolution', error: 'slaTargetTooLong' },
  calendarTooSparse: { message: 'fixFields', field: 'periods', error: 'calendarTooSparse' },
  // Knowledge-base categories (lib/service/kb-categories.ts): names are unique, case-insensitively.
  categoryNameTaken: { message: 'fixFields', field: 'name', error: 'categoryNameTaken' },
  // The person unsubscribed: staff cannot give consent back; only the person can (lib/customers/consent.ts).
  consentUnsubscribed: { message: 'fixFields', field: 'emailConsent', error: 'consentUnsubscribed' },
  // Campaigns (lib/marketing/campaigns): a step the campaign's status does not allow (editing a sent
  // one, pausing a draft); sending or scheduling without an audience segment.
  campaignState: { message: 'campaignState' },
  noAudience: { message: 'fixFields', field: 'segmentId', error: 'noAudience' },
};

/** Marks functions built here, so a test can check that every exported action goes through the wrapper. */
export const DEFINED_ACTION = Symbol.for('lodestar.definedAction');

function mark<F extends (...args: never[]) => Promise<unknown>>(fn: F): F {
  Object.defineProperty(fn, DEFINED_ACTION, { value: true });
  return fn;
}

/** What a handler returns on success: the data function's result plus what the caller is told. */
export type Success<TData> = { ok: true; message?: string; id?: string; data?: TData };
type HandlerResult<TData> = Success<TData> | { ok: false; reason: Reason; params?: Record<string, string> };

type Config<S extends z.ZodType> = {
  /** What the viewer's role must allow; `null` when any signed-in user may call it. */
  permission: Permission | null;
  schema: S;
  /**
   * Who refuses NUL / U+FFFD / lone surrogates: by default the wrapper, before parsing, as a field
   * error; 'schema' when the schema does it per item (an import chunk rejects only the bad row).
   */
  characters?: 'wrapper' | 'schema';
};

type FormConfig<S extends z.ZodType> = Config<S> & {
  /** Checkboxes: absent from FormData when unticked, so they are read as 'false'. */
  checkboxes?: string[];
  /** Fields never echoed back (passwords). */
  secret?: string[];
  /** FormData → the object the schema parses, when the default (one value per name, repeats → array) does not fit. */
  toObject?: (form: FormData) => Record<string, unknown>;
};

type Handler<S extends z.ZodType, TData> = (viewer: Viewer, input: z.output<S>) => Promise<HandlerResult<TData>>;

/** Maps a handler's outcome to the state the client reads. */
function toState<TData>(result: HandlerResult<TData>, values?: Record<string, string>): ActionState<TData> {
  if (result.ok) return { ok: true, message: result.message, id: result.id, data: result.data };
  const { message, field, error } = REASONS[result.reason];
  const fieldErrors = field && error ? { [field]: [error] } : undefined;
  return { ok: false, reason: result.reason, message, messageParams: result.params, fieldErrors, values };
}

/** The shared prologue: permission, character check, zod parse; then the handler. */
async function run<S extends z.ZodType, TData>(
  viewer: Viewer,
  config: Config<S>,
  raw: unknown,
  handler: Handler<S, TData>,
  values?: Record<string, string>,
): Promise<ActionState<TData>> {
  if (config.permission && !can(viewer, config.permission)) return toState({ ok: false, reason: 'forbidden' }, values);
  if (config.characters !== 'schema') {
    const bad = findBadCharacters(raw);
    if (bad.length) {
      const fieldErrors = Object.fromEntries(bad.map((path) => [path.split('.')[0], [BAD_CHARACTERS_MESSAGE]]));
      return { ok: false, reason: 'invalid', message: values ? 'fixFields' : 'invalid', fieldErrors, values };
    }
  }
  const parsed = config.schema.safeParse(raw);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = z.flattenError(parsed.error);
    const errors = formErrors.length ? { ...fieldErrors, _: formErrors } : fieldErrors;
    // A form shows "correct the highlighted fields"; a programmatic caller sent something malformed.
    const message = values ? 'fixFields' : 'invalid';
    return { ok: false, reason: 'invalid', message, fieldErrors: errors as Record<string, string[]>, values };
  }
  return toState(await handler(viewer, parsed.data), values);
}

/** FormData → plain object: one string per name (a repeated name becomes an array); files and React's `$` fields are dropped. */
export function formObject(form: FormData, checkboxes: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key.startsWith('$')) continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  for (const name of checkboxes) out[name] ??= 'false';
  return out;
}

/**
 * A server action called with one argument (an id, a JSON object). Session, permission, character
 * check and zod parse happen here; the handler only calls the data function and revalidates.
 * Anything the client sends that the schema does not accept is `invalid`, never a 500.
 */
export function defineAction<S extends z.ZodType, TData = undefined>(config: Config<S>, handler: Handler<S, TData>) {
  return mark(async (input: unknown): Promise<ActionState<TData>> => {
    const viewer = await requireViewer();
    return run(viewer, config, input, handler);
  });
}

/**
 * A server action bound to a form through `useActionState` ((previous state, FormData) → state).
 * A crafted request whose body is not FormData gets `invalid`; failures echo the submitted values
 * back (React resets uncontrolled fields after a form action) except secret ones.
 */
export function defineFormAction<S extends z.ZodType, TData = undefined>(
  config: FormConfig<S>,
  handler: Handler<S, TData>,
) {
  return mark(async (_previous: unknown, form: unknown): Promise<ActionState<TData>> => {
    const viewer = await requireViewer();
    if (!(form instanceof FormData)) return { ok: false, reason: 'invalid', message: 'invalid' };
    const values = Object.fromEntries(
      Object.entries(formObject(form)).filter(
        ([key, value]) => typeof value === 'string' && !(config.secret ?? ['password']).includes(key),
      ),
    ) as Record<string, string>;
    const raw = config.toObject ? config.toObject(form) : formObject(form, config.checkboxes);
    return run(viewer, config, raw, handler, values);
  });
}

/** Narrows a data function's result for a handler: passes failures through, adds the success message. */
export function succeed<T extends object, TData = undefined>(
  result: Result<T>,
  message: string,
  extra: { id?: string; data?: TData } = {},
): HandlerResult<TData> {
  if (!result.ok) return result;
  const id = 'id' in result && typeof result.id === 'string' ? result.id : extra.id;
  return { ok: true, message, id, data: extra.data };
}
