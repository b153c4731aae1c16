'use server';
import { defineAction } from '@/lib/define-action';
import { type BoardCard, listColumnCards, moveDeal } from './board';
import type { CardCursor } from './board-filters';
import { ColumnPageSchema, MoveDealSchema } from './schemas';

/** Moves a deal on the board (drag and drop, keyboard, or the card's "Move to" menu). */
export const moveDealAction = defineAction(
  { permission: 'deals:write', schema: MoveDealSchema },
  async (viewer, input) => {
    const result = await moveDeal(viewer, input);
    if (!result.ok) return result;
    return {
      ok: true,
      message: result.status === 'won' ? 'dealWon' : result.status === 'lost' ? 'dealLost' : undefined,
      data: { version: result.version, position: result.position, status: result.status },
    };
  },
);

/** The next cards of a column ("Show more"). */
export const loadColumnCardsAction = defineAction(
  { permission: 'deals:read', schema: ColumnPageSchema },
  async (viewer, input): Promise<{ ok: true; data: { cards: BoardCard[]; next: CardCursor | null } }> => ({
    ok: true,
    data: await listColumnCards(viewer, input.stageId, input.filter, input.after),
  }),
);
