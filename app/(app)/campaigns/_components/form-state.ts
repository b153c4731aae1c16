import type { ActionState } from '@/lib/action-state';

/**
 * A JSON action refuses a malformed payload as 'invalid' ("reload the page"); from a form, a refusal
 * with field errors means the user's values, so the form says "correct the highlighted fields".
 */
export function asFormState(result: ActionState): ActionState {
  return result.reason === 'invalid' && result.fieldErrors ? { ...result, message: 'fixFields' } : result;
}
