// The DTOs search returns. Plain data, safe to send to client components; no 'server-only' so the
// palette can import the types.

export const SEARCH_KINDS = ['customer', 'contact', 'deal', 'case'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * One fact of a result's subtitle. The client joins them with " · ". Enum values (case status,
 * priority, deal status) come as catalog keys in the "search" namespace and money as an exact
 * decimal string, so the subtitle is translated and formatted in the viewer's language.
 */
export type SubtitlePart = { text: string } | { key: string } | { money: string; currency: string };

export type SearchHit = {
  kind: SearchKind;
  id: string;
  title: string;
  subtitle: SubtitlePart[];
  href: string;
};

export type SearchGroup = {
  kind: SearchKind;
  hits: SearchHit[];
  /** More matches exist than the limit returned. */
  more: boolean;
};

export type SearchResults = {
  /** The normalised query that was searched ('' when it was too short). */
  query: string;
  /** One group per kind the viewer may search, in SEARCH_KINDS order; groups may be empty. */
  groups: SearchGroup[];
};

/** Result limits per group. */
export const PALETTE_LIMIT = 5;
export const PAGE_LIMIT = 20;
