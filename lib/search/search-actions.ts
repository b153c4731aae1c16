'use server';

import { requireViewer } from '@/lib/auth/viewer';
import { SearchActionSchema } from './schemas';
import { searchAll } from './search';
import { PALETTE_LIMIT, type SearchResults } from './types';

export type SearchActionResult = { ok: true; results: SearchResults } | { ok: false; message: 'invalid' };

/**
 * The command palette's search. Signed-out callers are redirected to /login; the query is parsed
 * here (a crafted call cannot ask for a longer query or a bigger page); results are DTOs filtered
 * by the viewer's visibility rules inside searchAll.
 */
export async function searchAction(input: unknown): Promise<SearchActionResult> {
  const viewer = await requireViewer();
  const parsed = SearchActionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'invalid' };
  return { ok: true, results: await searchAll(viewer, parsed.data.q, { limit: PALETTE_LIMIT }) };
}
