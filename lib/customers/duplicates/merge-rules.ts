// The rules of a merge, pure (no database): which fields are chosen, which tables move, and the
// default choices the merge page proposes.

import { MERGE_FIELDS, type MergeField } from '../fields';

/**
 * The customer fields a merge chooses one side of, in the merge page's order (lib/customers/fields.ts).
 * `emailConsent` stands for the consent group (email_consent, consent_at, unsubscribed_at), which
 * travels together so a merge never mixes one record's opt-in with the other's opt-out time. Tags
 * are not chosen: they are united.
 */
export { MERGE_FIELDS, type MergeField } from '../fields';

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
 * person back in; otherwise the survivor's own consent (the other record's opt-in does not carry
 * over: mergeCustomers applies lib/customers/consent.ts whatever is chosen).
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
  return survivor;
}

/** Fills the choices the caller left out with the survivor's side. */
export function completeChoices(input: { survivor: Side; choices: Partial<Record<MergeField, Side>> }): MergeChoices {
  const out = {} as MergeChoices;
  for (const field of MERGE_FIELDS) out[field] = input.choices[field] ?? input.survivor;
  return out;
}
