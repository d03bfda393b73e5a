/**
 * Words that never name a thing in an ALFWorld task sentence: English function words (articles, numerals,
 * pronouns, conjunctions, prepositions), the action grammar's verbs and adjectives of state. Knowing these is
 * reading English and the action grammar, not knowing any task's procedure.
 */
export const NON_NAME_WORDS: ReadonlySet<string> = new Set([
  // articles, quantifiers, numerals
  'a',
  'an',
  'the',
  'some',
  'any',
  'one',
  'two',
  'three',
  'both',
  'each',
  'another',
  // pronouns
  'it',
  'them',
  'this',
  'that',
  'these',
  'those',
  'its',
  'their',
  'your',
  'you',
  // conjunctions and prepositions
  'and',
  'then',
  'or',
  'in',
  'on',
  'into',
  'onto',
  'at',
  'under',
  'with',
  'of',
  'to',
  'from',
  'for',
  'inside',
  'near',
  'by',
  'using',
  'up',
  'down',
  'off',
  'over',
  // verbs of the action grammar and of task sentences
  'put',
  'place',
  'find',
  'look',
  'examine',
  'take',
  'move',
  'go',
  'open',
  'close',
  'use',
  'heat',
  'clean',
  'cool',
  'slice',
  'pick',
  'get',
  'bring',
  'turn',
  'is',
  'are',
  'be',
  // adjectives of state
  'hot',
  'cold',
  'warm',
  'dirty',
  'sliced',
  'chilled',
  'heated',
  'cooled',
  'cleaned',
]);

/** The words of a sentence, lower-cased, without punctuation. */
export function sentenceWords(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/**
 * The words of a task sentence that name things (objects or receptacles), in sentence order, without repeats:
 * `put a clean mug in cabinet` → `['mug', 'cabinet']`. A word in `names` (e.g. a receptacle type of the room,
 * or a type a memory's procedure uses) always counts as a name, even when it is also in {@link NON_NAME_WORDS}.
 */
export function taskNames(options: { task: string; names?: ReadonlySet<string> }): string[] {
  const out: string[] = [];
  for (const word of sentenceWords(options.task)) {
    if (/^\d+$/.test(word) || out.includes(word)) continue;
    if (options.names?.has(word) === true || !NON_NAME_WORDS.has(word)) out.push(word);
  }
  return out;
}

const NUMERALS: ReadonlyMap<string, number> = new Map([
  ['two', 2],
  ['three', 3],
  ['both', 2],
]);

/**
 * How many things of a kind the task sentence asks for, read from its numeral (`put two mug in cabinet` → 2);
 * 1 when it names no number. Reading English, not knowing a task's procedure.
 */
export function requestedCount(task: string): number {
  for (const word of sentenceWords(task)) {
    const n = NUMERALS.get(word) ?? (/^\d+$/.test(word) ? Number(word) : undefined);
    if (n !== undefined && n > 1) return n;
  }
  return 1;
}
