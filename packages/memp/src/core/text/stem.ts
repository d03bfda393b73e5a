/**
 * A compact English stemmer following the five steps of M. F. Porter's 1980 algorithm
 * ("An algorithm for suffix stripping"), written for memp. Terms used below:
 * a consonant is a letter other than a, e, i, o, u and other than a `y` that follows a consonant;
 * the *measure* m of a stem is the number of vowel-run → consonant-run transitions in it.
 */

const STEP2_RULES: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];

const STEP3_RULES: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];

const STEP4_SUFFIXES: readonly string[] = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

const ASCII_WORD = /^[a-z]+$/;

function isConsonant(word: string, i: number): boolean {
  const ch = word[i];
  if (ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u') return false;
  if (ch === 'y') return i === 0 || !isConsonant(word, i - 1);
  return true;
}

/** Number of VC sequences in `stem` (Porter's m). */
function measure(stem: string): number {
  let m = 0;
  let previousWasVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const consonant = isConsonant(stem, i);
    if (consonant && previousWasVowel) m++;
    previousWasVowel = !consonant;
  }
  return m;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsWithDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Ends consonant–vowel–consonant, the last consonant not w, x or y (Porter's *o). */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n < 3) return false;
  const last = word[n - 1];
  return (
    isConsonant(word, n - 3) &&
    !isConsonant(word, n - 2) &&
    isConsonant(word, n - 1) &&
    last !== 'w' &&
    last !== 'x' &&
    last !== 'y'
  );
}

/** Finds the longest rule whose suffix ends `word`; undefined when none does. */
function longestRule(
  word: string,
  rules: ReadonlyArray<readonly [string, string]>,
): readonly [string, string] | undefined {
  let best: readonly [string, string] | undefined;
  for (const rule of rules) {
    if (word.endsWith(rule[0]) && (best === undefined || rule[0].length > best[0].length)) best = rule;
  }
  return best;
}

function step1a(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies')) return word.slice(0, -2);
  if (word.endsWith('ss')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function step1b(word: string): string {
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? word.slice(0, -1) : word;
  }
  let stem: string | undefined;
  if (word.endsWith('ed')) stem = word.slice(0, -2);
  else if (word.endsWith('ing')) stem = word.slice(0, -3);
  if (stem === undefined || !hasVowel(stem)) return word;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (endsWithDoubleConsonant(stem)) {
    const last = stem[stem.length - 1];
    return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
  }
  if (measure(stem) === 1 && endsCvc(stem)) return `${stem}e`;
  return stem;
}

function step1c(word: string): string {
  if (word.endsWith('y') && hasVowel(word.slice(0, -1))) return `${word.slice(0, -1)}i`;
  return word;
}

function replaceWithMeasure(word: string, rules: ReadonlyArray<readonly [string, string]>, minMeasure: number): string {
  const rule = longestRule(word, rules);
  if (rule === undefined) return word;
  const stem = word.slice(0, word.length - rule[0].length);
  return measure(stem) > minMeasure ? stem + rule[1] : word;
}

function step4(word: string): string {
  let best: string | undefined;
  for (const suffix of STEP4_SUFFIXES) {
    if (word.endsWith(suffix) && (best === undefined || suffix.length > best.length)) best = suffix;
  }
  if (best === undefined) return word;
  const stem = word.slice(0, word.length - best.length);
  if (measure(stem) <= 1) return word;
  if (best === 'ion' && !(stem.endsWith('s') || stem.endsWith('t'))) return word;
  return stem;
}

function step5(word: string): string {
  let w = word;
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);
  return w;
}

/**
 * Reduces an English word to its stem with the Porter algorithm, so inflections meet
 * (`heating`, `heated`, `heats` → `heat`; `cleaning` → `clean`; `generalization` → `gener`).
 * The input is lowercased first; words of one or two letters and tokens with anything but
 * ASCII letters (numbers, `drawer1`, non-English words) are returned lowercased but otherwise
 * unchanged. Stems are index keys, not words (`apple` → `appl`). Pure and deterministic; results are remembered
 * (bounded), since the same words are stemmed over and over.
 */
export function stem(word: string): string {
  if (word.length > STEM_CACHE_MAX_WORD) return porterStem(word);
  let result = stems.get(word);
  if (result === undefined) {
    result = porterStem(word);
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stems.set(word, result);
  }
  return result;
}

/** Most words whose stems {@link stem} remembers (the vocabulary of agent tasks is small; emptied when full). */
const STEM_CACHE_LIMIT = 50_000;
/** Longer words are stemmed every time, so that the cache stays small whatever the input. */
const STEM_CACHE_MAX_WORD = 64;
const stems = new Map<string, string>();

function porterStem(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 2 || !ASCII_WORD.test(w)) return w;
  let s = step1a(w);
  s = step1b(s);
  s = step1c(s);
  s = replaceWithMeasure(s, STEP2_RULES, 0);
  s = replaceWithMeasure(s, STEP3_RULES, 0);
  s = step4(s);
  s = step5(s);
  return s;
}
