import { z } from 'zod';
import { optional, pageParam } from '@/lib/search-params';

// Shared by the duplicates list, the merge page, its client form and the merge action. No server
// imports: the client form computes the default choices with the same function the action uses.

/** Name similarity (pg_trgm `similarity`) at or above which two names count as "similar". */
export const NAME_SIMILARITY = 0.6;
/** Phone numbers match on their digits only, and only when there are enough digits to mean something. */
export const MIN_PHONE_DIGITS = 7;
/** How far back the name-similarity pass looks (created or updated within N days). */
export const NAME_WINDOWS = [7, 30, 90, 365] as const;
export const DUPLICATE_REASONS = ['email', 'phone', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** The duplicates list's URL search params; invalid values fall back rather than failing the page. */
export const DuplicateFilterSchema = z.object({
  reason: optional(z.enum(DUPLICATE_REASONS)),
  days: z.coerce
    .number()
    .pipe(
      z.union(
        NAME_WINDOWS.map((n) => z.literal(n)) as [
          z.ZodLiteral<7>,
          z.ZodLiteral<30>,
          z.ZodLiteral<90>,
          z.ZodLiteral<365>,
        ],
      ),
    )
    .catch(30),
  page: pageParam,
});
export type DuplicateFilter = z.infer<typeof DuplicateFilterSchema>;

/**
 * The customer fields a merge chooses one side of. `emailConsent` stands for the consent group
 * (email_consent, consent_at, unsubscribed_at), which travels together so a merge never mixes one
 * record's opt-in with the other's opt-out time. Tags are not chosen: they are united.
 */
export const MERGE_FIELDS = [
  'name',
  'kind',
  'email',
  'phone',
  'website',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'industry',
  'source',
  'ownerId',
  'emailConsent',
  'notes',
  'externalId',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** The tables whose rows a merge moves to the survivor, in the order the merge page lists them. */
export const RELATED = [
  'contacts',
  'activities',
  'orders',
  'deals',
  'cases',
  'quotes',
  'leads',
  'campaignMembers',
] as const;
export type Related = (typeof RELATED)[number];
export type RelatedCounts = Record<Related, number>;
export type Side = 'a' | 'b';
export type MergeChoices = Record<MergeField, Side>;

const side = z.enum(['a', 'b']);
const version = z.coerce.number().int().positive();

export const MergeSchema = z
  .object({
    a: z.uuid(),
    b: z.uuid(),
    aVersion: version,
    bVersion: version,
    survivor: side,
    /** Per field, which record's value survives. A missing choice means "the survivor's". */
    choices: z.object(
      Object.fromEntries(MERGE_FIELDS.map((f) => [f, side.optional()])) as Record<
        MergeField,
        z.ZodOptional<typeof side>
      >,
    ),
  })
  .refine((m) => m.a !== m.b, { message: 'same', path: ['b'] });
export type MergeInput = z.infer<typeof MergeSchema>;

/** FormData from the merge form → the object MergeSchema parses (choices arrive as `choice.<field>`). */
export function mergeFormObject(form: FormData): Record<string, unknown> {
  const str = (key: string) => {
    const v = form.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    a: str('a'),
    b: str('b'),
    aVersion: str('aVersion'),
    bVersion: str('bVersion'),
    survivor: str('survivor'),
    choices: Object.fromEntries(MERGE_FIELDS.map((f) => [f, str(`choice.${f}`) || undefined])),
  };
}

/** What the default rules need to know about one side. */
export type SideFacts = {
  createdAt: Date | string;
  id: string;
  /** Fields whose value is null or blank on this record. */
  empty: Partial<Record<MergeField, boolean>>;
  /** When the customer unsubscribed, if ever (ISO string or Date). */
  unsubscribedAt: Date | string | null;
  emailConsent: boolean;
};

/** The older record survives by default (ties broken by id, so the default is deterministic). */
export function defaultSurvivor(a: SideFacts, b: SideFacts): Side {
  const ta = new Date(a.createdAt).getTime();
  const tb = new Date(b.createdAt).getTime();
  return ta < tb || (ta === tb && a.id < b.id) ? 'a' : 'b';
}

/**
 * Per field, the survivor's value unless it is empty and the other record has one. Consent is the
 * exception: an unsubscribe on either record wins (the most recent one), so a merge never opts a
 * person back in; otherwise a recorded opt-in wins over none.
 */
export function defaultChoices(a: SideFacts, b: SideFacts, survivor: Side): MergeChoices {
  const other: Side = survivor === 'a' ? 'b' : 'a';
  const facts = { a, b };
  const choices = {} as MergeChoices;
  for (const field of MERGE_FIELDS) {
    choices[field] = facts[survivor].empty[field] && !facts[other].empty[field] ? other : survivor;
  }
  choices.emailConsent = consentChoice(a, b, survivor);
  return choices;
}

function consentChoice(a: SideFacts, b: SideFacts, survivor: Side): Side {
  const ua = a.unsubscribedAt ? new Date(a.unsubscribedAt).getTime() : null;
  const ub = b.unsubscribedAt ? new Date(b.unsubscribedAt).getTime() : null;
  if (ua !== null || ub !== null) return (ua ?? -Infinity) >= (ub ?? -Infinity) ? 'a' : 'b';
  if (a.emailConsent !== b.emailConsent) return a.emailConsent ? 'a' : 'b';
  return survivor;
}

/** Fills the choices the caller left out with the survivor's side. */
export function completeChoices(input: MergeInput): MergeChoices {
  const out = {} as MergeChoices;
  for (const field of MERGE_FIELDS) out[field] = input.choices[field] ?? input.survivor;
  return out;
}
