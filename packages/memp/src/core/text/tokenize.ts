/** Apostrophes inside a word ("don't", "agent’s") are removed so the word stays one token. */
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu;
/** A token is a maximal run of letters and digits (any script). */
const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * Splits `text` into lowercase word tokens: maximal runs of letters and digits, in order.
 * Everything else (spaces, punctuation, symbols) separates tokens. Numbers are kept as tokens
 * (`"apple 1"` → `["apple", "1"]`), a letter–digit run stays one token (`"drawer1"`), and
 * apostrophes inside a word are dropped (`"don't"` → `"dont"`). Pure and deterministic.
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(INNER_APOSTROPHE, '').match(TOKEN) ?? [];
}
