'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, succeed } from '@/lib/define-action';
import { acceptQuote } from './accept';
import { createQuote, decideQuote, updateQuote } from './quotes';
import { CreateQuoteSchema, QuoteDecisionSchema, UpdateQuoteSchema } from './schemas';

/** A new draft quote from a deal (the quote editor sends its lines as JSON). */
export const createQuoteAction = defineAction(
  { permission: 'quotes:write', schema: CreateQuoteSchema },
  async (viewer, input) => {
    const result = await createQuote(viewer, input);
    if (result.ok) revalidatePath('/quotes');
    return succeed(result, 'quoteCreated');
  },
);

export const updateQuoteAction = defineAction(
  { permission: 'quotes:write', schema: UpdateQuoteSchema },
  async (viewer, input) => {
    const result = await updateQuote(viewer, input);
    if (result.ok) revalidatePath(`/quotes/${input.id}`);
    return succeed(result, 'saved');
  },
);

export const sendQuoteAction = defineAction(
  { permission: 'quotes:write', schema: QuoteDecisionSchema },
  async (viewer, input) => {
    const result = await decideQuote(viewer, input, 'sent');
    if (result.ok) revalidatePath(`/quotes/${input.id}`);
    return succeed(result, 'quoteSent');
  },
);

export const rejectQuoteAction = defineAction(
  { permission: 'quotes:write', schema: QuoteDecisionSchema },
  async (viewer, input) => {
    const result = await decideQuote(viewer, input, 'rejected');
    if (result.ok) revalidatePath(`/quotes/${input.id}`);
    return succeed(result, 'quoteRejected');
  },
);

/** Accepts a sent quote: the order is created and the deal won, in one transaction (./accept.ts). */
export const acceptQuoteAction = defineAction(
  { permission: 'quotes:write', schema: QuoteDecisionSchema },
  async (viewer, input) => {
    const result = await acceptQuote(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/quotes/${input.id}`);
    revalidatePath('/orders');
    revalidatePath('/pipeline');
    return { ok: true, message: 'quoteAccepted', id: result.orderId };
  },
);
