import { sentenceWords } from './task-names.js';

/** A verb of the action grammar that applies a receptacle to the held object (`heat X with R`). */
export type ReceptacleVerb = 'heat' | 'clean' | 'cool';

/**
 * The action grammar's `VERB X with R` verbs and the English words a sentence uses for them or for the state they
 * produce (`hot` is what `heat` makes). Reading English and the grammar: nothing here says which receptacle
 * heats, cleans or cools.
 */
export const RECEPTACLE_VERBS: ReadonlyArray<{ verb: ReceptacleVerb; words: readonly string[] }> = [
  { verb: 'heat', words: ['heat', 'heated', 'hot', 'warm'] },
  { verb: 'clean', words: ['clean', 'cleaned'] },
  { verb: 'cool', words: ['cool', 'cooled', 'cold', 'chilled'] },
];

/** The `VERB X with R` verbs a task sentence asks for, in sentence order: `put a hot apple in fridge` → `['heat']`. */
export function verbsTaskMentions(task: string): ReceptacleVerb[] {
  const out: ReceptacleVerb[] = [];
  for (const word of sentenceWords(task)) {
    const hit = RECEPTACLE_VERBS.find((v) => v.words.includes(word));
    if (hit !== undefined && !out.includes(hit.verb)) out.push(hit.verb);
  }
  return out;
}
