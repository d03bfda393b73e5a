import { lexicalTerms } from '../../core/text/lexical-terms.js';

/**
 * Groups of words or phrases an environment treats as the same thing (`[["fridge", "refrigerator"], ["garbage
 * can", "trash can", "bin"]]`). Supplied by the environment (a benchmark, an application), never built in.
 */
export type SynonymGroups = readonly (readonly string[])[];

/** Synonym groups compiled to normalised term lists, ready to expand queries. */
export interface CompiledSynonyms {
  /** Each group as its phrases' {@link lexicalTerms}. */
  groups: string[][][];
}

/** Normalises every phrase of every group with {@link lexicalTerms}; phrases without a content word are dropped. */
export function compileSynonyms(groups: SynonymGroups): CompiledSynonyms {
  return {
    groups: groups
      .map((group) => group.map((phrase) => lexicalTerms(phrase)).filter((terms) => terms.length > 0))
      .filter((group) => group.length > 1),
  };
}

/**
 * The terms a query gains from the synonym groups: when the query holds every term of one phrase of a group, the
 * terms of the group's other phrases that it lacks. In group order, each once.
 */
export function expandWithSynonyms(terms: readonly string[], synonyms: CompiledSynonyms): string[] {
  const held = new Set(terms);
  const added: string[] = [];
  for (const group of synonyms.groups) {
    if (!group.some((phrase) => phrase.every((t) => held.has(t)))) continue;
    for (const phrase of group) {
      for (const t of phrase) {
        if (held.has(t)) continue;
        held.add(t);
        added.push(t);
      }
    }
  }
  return added;
}
