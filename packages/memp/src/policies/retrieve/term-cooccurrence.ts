import type { ExpansionSource } from '../../core/retrieved.js';
import { lexicalTerms } from '../../core/text/lexical-terms.js';
import { tokenize } from '../../core/text/tokenize.js';

/** The thresholds of {@link learnTermCooccurrence}'s expansion. */
export interface CooccurrenceThresholds {
  /** Least cosine of two terms' procedure profiles for one to expand to the other. Default 0.8. */
  minSimilarity: number;
  /** Least number of procedure groups holding both terms (in different tasks). Default 2. */
  minSupport: number;
  /** Most share of the rarer term's tasks that hold both terms: words used together are not alternatives. Default 0.2. */
  maxSameTask: number;
  /** Least number of tasks (in groups) a word must stand in to be linked at all: one task is no evidence. Default 2. */
  minTasks: number;
  /** Most terms one query term expands to. Default 2. */
  maxPerTerm: number;
  /** Most terms one query gains. Default 6. */
  maxTerms: number;
}

/** Default {@link CooccurrenceThresholds}, set before any measurement (docs/retrieval.md). */
export const DEFAULT_COOCCURRENCE_THRESHOLDS: CooccurrenceThresholds = {
  minSimilarity: 0.8,
  minSupport: 2,
  maxSameTask: 0.2,
  minTasks: 2,
  maxPerTerm: 2,
  maxTerms: 6,
};

/** Vocabulary learned from the namespace: which task words stand for the same procedure. */
export interface TermCooccurrence {
  /** Distinct task words seen in groups of two or more differently worded tasks. */
  readonly vocabulary: number;
  /** Groups that held two or more differently worded tasks. */
  readonly groups: number;
  /**
   * The terms `terms` gain: for each query term the learned vocabulary knows, the terms whose procedure profile is
   * most like its own (best first, see {@link learnTermCooccurrence}), leaving out the ones in `held`.
   */
  expand(terms: readonly string[], held: ReadonlySet<string>): ExpansionSource[];
}

/** The words of a task as lexical terms, without the joined neighbours (an expansion adds whole words). */
export function taskWords(task: string): string[] {
  return lexicalTerms(tokenize(task));
}

/**
 * Learns which words mean the same procedure from groups of tasks solved by one procedure (the tasks of one
 * memory's trajectories, the tasks of memories whose procedures have the same shape). Each word gets a profile: per
 * group, positive pointwise mutual information of the word and the group (how much more likely the group is among
 * the tasks holding the word than among all tasks). Two words are alternatives when their profiles' cosine is at
 * least `minSimilarity`, they share at least `minSupport` groups, and they rarely stand in the same task (at most
 * `maxSameTask` of the rarer one's tasks): "heat some egg" and "put a hot egg" solved the same way link `heat` and
 * `hot`, while `egg`, spread over every kind of procedure, links to nothing. Groups with fewer than two differently
 * worded tasks carry no evidence and are skipped. Pure; generic (no vocabulary built in).
 */
export function learnTermCooccurrence(
  groups: readonly (readonly string[])[],
  thresholds: Partial<CooccurrenceThresholds> = {},
): TermCooccurrence {
  const t = { ...DEFAULT_COOCCURRENCE_THRESHOLDS, ...thresholds };
  const counts = new Map<string, Map<number, number>>(); // word → group → tasks holding it
  const postings = new Map<string, Set<number>>(); // word → tasks holding it
  const groupSizes: number[] = [];
  let tasks = 0;
  for (const group of groups) {
    const distinct = new Map<string, string[]>();
    for (const task of group) {
      const words = [...new Set(taskWords(task))].sort();
      if (words.length > 0) distinct.set(words.join(' '), words);
    }
    if (distinct.size < 2) continue;
    const g = groupSizes.length;
    groupSizes.push(distinct.size);
    for (const words of distinct.values()) {
      for (const w of words) {
        const byGroup = counts.get(w) ?? new Map<number, number>();
        byGroup.set(g, (byGroup.get(g) ?? 0) + 1);
        counts.set(w, byGroup);
        const p = postings.get(w) ?? new Set<number>();
        p.add(tasks);
        postings.set(w, p);
      }
      tasks += 1;
    }
  }
  const profiles = new Map<string, Map<number, number>>();
  for (const [w, byGroup] of counts) {
    const df = postings.get(w)?.size ?? 0;
    const profile = new Map<number, number>();
    for (const [g, n] of byGroup) {
      const pmi = Math.log(n / df / ((groupSizes[g] as number) / tasks));
      if (pmi > 0) profile.set(g, pmi);
    }
    profiles.set(w, profile);
  }
  const norms = new Map<string, number>();
  for (const [w, p] of profiles) norms.set(w, Math.sqrt([...p.values()].reduce((sum, x) => sum + x * x, 0)));
  const byGroupWords = new Map<number, string[]>();
  for (const [w, profile] of profiles)
    for (const g of profile.keys()) byGroupWords.set(g, [...(byGroupWords.get(g) ?? []), w]);

  function alternatives(word: string, held: ReadonlySet<string>): ExpansionSource[] {
    const profile = profiles.get(word);
    const enough = (w: string) => (postings.get(w)?.size ?? 0) >= t.minTasks;
    if (profile === undefined || profile.size === 0 || !enough(word)) return [];
    const dots = new Map<string, { dot: number; support: number }>();
    for (const [g, x] of profile) {
      for (const other of byGroupWords.get(g) ?? []) {
        if (other === word || held.has(other) || !enough(other)) continue;
        const y = profiles.get(other)?.get(g) ?? 0;
        const d = dots.get(other) ?? { dot: 0, support: 0 };
        dots.set(other, { dot: d.dot + x * y, support: d.support + 1 });
      }
    }
    const mine = postings.get(word) as Set<number>;
    return [...dots]
      .map(([other, d]) => ({
        other,
        support: d.support,
        cosine: d.dot / ((norms.get(word) ?? 1) * (norms.get(other) ?? 1)),
      }))
      .filter((c) => c.cosine >= t.minSimilarity && c.support >= t.minSupport)
      .filter((c) => {
        const theirs = postings.get(c.other) as Set<number>;
        const [small, large] = mine.size <= theirs.size ? [mine, theirs] : [theirs, mine];
        let both = 0;
        for (const i of small) if (large.has(i)) both += 1;
        return both <= t.maxSameTask * small.size;
      })
      .sort((a, b) => b.cosine - a.cosine || (a.other < b.other ? -1 : 1))
      .slice(0, t.maxPerTerm)
      .map((c) => ({ term: c.other, kind: 'cooccurrence' as const, from: [word], support: c.support }));
  }

  return {
    vocabulary: profiles.size,
    groups: groupSizes.length,
    expand(terms, held) {
      const seen = new Set([...held, ...terms]);
      const added: ExpansionSource[] = [];
      for (const word of terms) {
        for (const x of alternatives(word, seen)) {
          if (added.length >= t.maxTerms) return added;
          seen.add(x.term);
          added.push(x);
        }
      }
      return added;
    },
  };
}
