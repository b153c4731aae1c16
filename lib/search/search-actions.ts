'use server';

import { defineAction } from '@/lib/define-action';
import { pageLocale } from '@/lib/i18n/page-locale';
import { SearchActionSchema } from './schemas';
import { searchAll } from './search';
import { PALETTE_LIMIT, type SearchResults } from './types';

/**
 * The command palette's search, for any signed-in user. The query is parsed here (a crafted call
 * cannot ask for a longer query or a bigger page); results are DTOs filtered by the viewer's
 * visibility rules inside searchAll.
 */
export const searchAction = defineAction<typeof SearchActionSchema, SearchResults>(
  { permission: null, schema: SearchActionSchema },
  async (viewer, input) => ({
    ok: true,
    data: await searchAll(viewer, input.q, { limit: PALETTE_LIMIT, locale: await pageLocale() }),
  }),
);
