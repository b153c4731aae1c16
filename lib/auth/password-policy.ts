import 'server-only';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * What a new password must be, beyond the 12–200 characters the form schemas check: not built on
 * the user's name or email, and not guessable by zxcvbn's estimate (score ≥ 3 of 4, "safely
 * unguessable: moderate protection from offline slow-hash attacks", about 10^8 guesses or more),
 * which refuses common passwords, repeats, sequences, keyboard walks and dictionary words with
 * predictable decorations. Server only: the dictionaries (~7 MB) never reach the browser.
 */
export const MIN_SCORE = 3;

/** Reasons (lib/action-state.ts), each shown as its own field message (namespace "validation"). */
export type PasswordProblem = 'passwordPersonal' | 'passwordCommon' | 'passwordWeak';

let estimator: Promise<ZxcvbnFactory> | undefined;

/** Loads the dictionaries on first use (~0.4 s), not when the server starts. */
function getEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  estimator.catch(() => {
    estimator = undefined;
  });
  return estimator;
}

/**
 * The pieces of a user's email and name, lower-cased: the whole email, its local part, the local
 * part's and the name's pieces (split at anything not a letter or digit), and the name without spaces.
 */
export function personalWords(user: { email?: string; name?: string }): string[] {
  const email = user.email?.trim().toLowerCase() ?? '';
  const local = email.split('@')[0] ?? '';
  const name = user.name?.trim().toLowerCase() ?? '';
  const pieces = [
    email,
    local,
    name.replace(/\s+/g, ''),
    ...local.split(/[^\p{L}\p{N}]+/u),
    ...name.split(/[^\p{L}\p{N}]+/u),
  ];
  return [...new Set(pieces.filter(Boolean))];
}

/** Pieces this long or longer refuse a password that contains them; shorter ones only lower its score. */
const PERSONAL_MIN_LENGTH = 4;

/** Why a new password is refused, or null when it is good enough. */
export async function passwordProblem(
  password: string,
  user: { email?: string; name?: string },
): Promise<PasswordProblem | null> {
  const words = personalWords(user);
  const lower = password.toLowerCase();
  if (words.some((w) => w.length >= PERSONAL_MIN_LENGTH && lower.includes(w))) return 'passwordPersonal';
  const result = (await getEstimator()).check(password, words);
  if (result.score >= MIN_SCORE) return null;
  const common = result.sequence.some(
    (m) => m.pattern === 'dictionary' && String(m.dictionaryName).startsWith('passwords'),
  );
  return common ? 'passwordCommon' : 'passwordWeak';
}
