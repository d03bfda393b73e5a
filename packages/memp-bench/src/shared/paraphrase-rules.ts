/**
 * Rules that reword a task sentence the way a different user (or agent) might say it, to test retrieval when the
 * words differ from the stored memories'. Written before and independently of memp's lexical normalisation, and
 * deliberately not mirroring it: no rule splits or joins a compound word, and no rule stems. Four rules, applied in
 * this order to every sentence:
 *
 * 1. `synonyms`: whole words (and a few two-word verbs) replaced from {@link PARAPHRASE_SYNONYMS}, a list of
 *    everyday English alternatives (verbs, adjectives, household objects and furniture); an adjective before its
 *    noun ("a clean mug") and a verb ("clean some mug") are swapped by separate lists.
 * 2. `clauses`: "A and B" becomes "B after you A" ("heat some egg and put it in garbagecan" → "put it in garbagecan
 *    after you heat some egg").
 * 3. `fronting`: a sentence without "and" moves its last prepositional phrase (in / on / under / with) to the front
 *    ("look at vase under the desklamp" → "under the desklamp, look at vase").
 * 4. `articles`: the words a, an, the and some are dropped.
 */

/** Verb (and verb-phrase) swaps: a task's action said another way. */
export const PARAPHRASE_VERBS: Readonly<Record<string, string>> = {
  put: 'place',
  'look at': 'inspect',
  examine: 'study',
  heat: 'warm up',
  cool: 'chill',
  clean: 'rinse',
  find: 'locate',
};

/** Adjective swaps, used when the word follows an article ("a clean mug"). */
export const PARAPHRASE_ADJECTIVES: Readonly<Record<string, string>> = {
  clean: 'washed',
  hot: 'warmed',
  cool: 'chilled',
  cold: 'chilled',
};

/** Noun swaps: household objects and furniture named another way (never a compound split in two). */
export const PARAPHRASE_SYNONYMS: Readonly<Record<string, string>> = {
  fridge: 'refrigerator',
  garbagecan: 'trash bin',
  countertop: 'counter',
  sinkbasin: 'sink',
  diningtable: 'table',
  coffeetable: 'low table',
  sidetable: 'nightstand',
  sofa: 'couch',
  desklamp: 'reading light',
  floorlamp: 'standing light',
  cellphone: 'mobile phone',
  remotecontrol: 'remote',
  keychain: 'keys',
  creditcard: 'bank card',
  cabinet: 'cupboard',
  dresser: 'chest of drawers',
  stoveburner: 'stove',
  cart: 'trolley',
  armchair: 'easy chair',
  ottoman: 'footstool',
  statue: 'figurine',
  plate: 'dish',
  pan: 'skillet',
  pot: 'saucepan',
  bread: 'loaf',
  toiletpaper: 'loo roll',
  tissuebox: 'box of tissues',
  soapbottle: 'liquid soap',
  soapbar: 'bar of soap',
  spraybottle: 'spray can',
  newspaper: 'paper',
  pillow: 'cushion',
  alarmclock: 'clock',
  baseballbat: 'bat',
  basketball: 'ball',
  tennisracket: 'racket',
  ladle: 'scoop',
  saltshaker: 'salt cellar',
  peppershaker: 'pepper mill',
  winebottle: 'bottle of wine',
  glassbottle: 'bottle',
  butterknife: 'table knife',
  dishsponge: 'sponge',
  laptop: 'notebook computer',
  toilet: 'lavatory',
  bathtubbasin: 'bathtub',
  microwave: 'microwave oven',
  two: 'a pair of',
};

const ARTICLES = new Set(['a', 'an', 'the', 'some']);

function swapWords(sentence: string): string {
  let text = ` ${sentence.toLowerCase().replace(/[.!?]+$/, '')} `;
  for (const [from, to] of Object.entries(PARAPHRASE_VERBS)) {
    if (from.includes(' ')) text = text.replaceAll(` ${from} `, ` ${to} `);
  }
  const words = text.trim().split(/\s+/);
  const out = words.map((word, i) => {
    const before = words[i - 1] ?? '';
    if (ARTICLES.has(before) && PARAPHRASE_ADJECTIVES[word] !== undefined) return PARAPHRASE_ADJECTIVES[word];
    if (PARAPHRASE_VERBS[word] !== undefined && !ARTICLES.has(before)) return PARAPHRASE_VERBS[word];
    return PARAPHRASE_SYNONYMS[word] ?? word;
  });
  return out.join(' ');
}

function reorderClauses(sentence: string): string {
  const at = sentence.indexOf(' and ');
  if (at >= 0) return `${sentence.slice(at + 5)} after you ${sentence.slice(0, at)}`;
  const match = /^(.*\S)\s+((?:in|on|under|with)\s+.+)$/.exec(sentence);
  if (match?.[1] === undefined || match[2] === undefined) return sentence;
  // The last phrase: cut at the last preposition so "in Y" moves, not everything after the first "in".
  const lastPrep = Math.max(...['in', 'on', 'under', 'with'].map((p) => sentence.lastIndexOf(` ${p} `)));
  if (lastPrep <= 0) return sentence;
  return `${sentence.slice(lastPrep + 1)}, ${sentence.slice(0, lastPrep)}`;
}

function dropArticles(sentence: string): string {
  return sentence
    .split(/\s+/)
    .filter((w) => !ARTICLES.has(w))
    .join(' ');
}

/** One task sentence reworded by the four rules (see the module comment). Deterministic. */
export function paraphraseTask(sentence: string): string {
  return dropArticles(reorderClauses(swapWords(sentence)));
}
