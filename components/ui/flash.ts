// The confirmation a save carries in the address to the page it leads to (components/ui/toast.tsx).

/** The search param that carries a confirmation across a navigation: a key of the "messages" catalog. */
export const FLASH_PARAM = 'flash';

/**
 * The confirmations a save may leave for the page it leads to, and the only ones that page shows.
 * Anyone can write a link with `?flash=`: any other catalog key would let it put an error text in a
 * success toast ("stale"), claim something happened that did not ("customerDeleted"), or show a
 * key that is not a message at all (t.has('toString') is true: messages.toString).
 */
export const FLASH_MESSAGES = [
  'saved',
  'customerCreated',
  'customerRestored',
  'userCreated',
  'contactDeleted',
  'productCreated',
  'quoteCreated',
  'quoteAccepted',
  'articleCreated',
  'articlePublished',
  'segmentSaved',
  'campaignSaved',
] as const;
export type FlashMessage = (typeof FLASH_MESSAGES)[number];

export function isFlashMessage(key: string | null | undefined): key is FlashMessage {
  return (FLASH_MESSAGES as readonly (string | null | undefined)[]).includes(key);
}
