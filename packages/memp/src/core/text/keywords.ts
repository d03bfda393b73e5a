import { MempError } from '../errors.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stop-words.js';
import { tokenize } from './tokenize.js';

/** Options for {@link extractKeywords}. */
export interface ExtractKeywordsOptions {
  /** Keep at most this many keywords (the first ones). A non-negative integer; default: no limit. */
  max?: number;
}

const PURE_NUMBER = /^\p{N}+$/u;

/**
 * The offline keyword extractor behind Key=AveFact retrieval: the content words of `text`
 * ({@link tokenize}d, then {@link STOP_WORDS}, pure numbers and one-character tokens removed),
 * deduplicated in order of first appearance. Two words with the same {@link stem} count as one
 * (the first surface form is kept), so `"heat the egg, then put the heated egg"` gives
 * `["heat", "egg", "put"]`. Returns surface words, lowercased, not stems:
 * `"put a clean apple 1 in fridge"` → `["put", "clean", "apple", "fridge"]`.
 *
 * @throws MempError `INVALID_ARGUMENT` when `max` is not a non-negative integer.
 */
export function extractKeywords(text: string, options: ExtractKeywordsOptions = {}): string[] {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  if (max !== Number.POSITIVE_INFINITY && !(Number.isInteger(max) && max >= 0)) {
    throw new MempError('INVALID_ARGUMENT', 'max must be a non-negative integer', {
      details: { field: 'max', value: max },
    });
  }
  const keywords: string[] = [];
  const seenStems = new Set<string>();
  for (const token of tokenize(text)) {
    if (keywords.length >= max) break;
    if (token.length < 2 || STOP_WORDS.has(token) || PURE_NUMBER.test(token)) continue;
    const key = stem(token);
    if (seenStems.has(key)) continue;
    seenStems.add(key);
    keywords.push(token);
  }
  return keywords;
}
