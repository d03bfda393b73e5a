import type { Memory } from '../../core/memory.js';
import { namesIn } from './task-phrasing.js';

/**
 * When a new memory says what an existing one already says, so that the existing one absorbs it
 * (consolidation on learn, and `memp consolidate`). Two memories say the same thing when EITHER
 * - the same abstract procedure: their tasks are phrased alike once every name is replaced by a placeholder
 *   (`put a <t1> in <t2>`, see {@link abstractSignature}) AND their name-abstracted procedures have a line
 *   similarity ({@link lineSimilarity}) ≥ `minAbstractSimilarity` (1: identical abstract procedures only); OR
 * - near-identical task and procedure: their task vectors have a cosine ≥ `minTaskSimilarity` AND their
 *   procedures, names kept, a {@link procedureSimilarity} ≥ `minProcedureSimilarity`.
 *
 * The defaults come from the measured distribution on real ALFWorld memories (README, "Consolidation"): on the
 * online valid_seen memory they merge no two memories of different task types, while 0.7 already would be lax on
 * the second route (cross-type task cosines reach 0.84 with the offline embedder).
 */
export interface ConsolidationRule {
  /**
   * Use the same-abstract-procedure route. Default true. `false` merges only near-identical tasks (names kept), which
   * keeps instance knowledge such as where each object was found — what a large offline memory of one environment
   * holds (README, "Consolidation").
   */
  abstractRoute: boolean;
  /** Minimum similarity of the name-abstracted procedures of two alike-phrased tasks, in [0, 1]. Default 0.8. */
  minAbstractSimilarity: number;
  /** Minimum cosine between task vectors for the similarity route, in [-1, 1]. Default 0.9. */
  minTaskSimilarity: number;
  /** Minimum {@link procedureSimilarity} for the similarity route, in [0, 1]. Default 0.8. */
  minProcedureSimilarity: number;
  /** Nearest memories (by task vector) inspected per new memory on learn. Default 20. */
  candidates: number;
}

/** The defaults of {@link ConsolidationRule}. */
export const DEFAULT_CONSOLIDATION_RULE: ConsolidationRule = {
  abstractRoute: true,
  minAbstractSimilarity: 0.8,
  minTaskSimilarity: 0.9,
  minProcedureSimilarity: 0.8,
  candidates: 20,
};

/** What a consolidation rule reads of a memory. */
export type ProcedureView = Pick<Memory, 'task' | 'steps' | 'script'> & Partial<Pick<Memory, 'kind'>>;

/**
 * The procedure of a memory as lines: the script's numbered lines (without their numbers and without the
 * `Caution:` lines Adjustment adds, which record history rather than procedure), else the actions of its steps
 * with instance numbers dropped (`take apple 1 from countertop 2` → `take the apple from the countertop`).
 */
export function procedureLines(memory: ProcedureView): string[] {
  if (memory.script !== undefined && memory.script.trim() !== '') {
    return memory.script
      .split('\n')
      .map((line) =>
        line
          .trim()
          .replace(/^\d+[.)]\s*/, '')
          .toLowerCase(),
      )
      .filter((line) => line !== '' && !line.startsWith('caution:'));
  }
  return (memory.steps ?? []).map((s) =>
    s.action
      .trim()
      .toLowerCase()
      .replace(/\b([a-z][a-z-]*)\s+\d+\b/g, 'the $1'),
  );
}

/**
 * The task and procedure of a memory with every name replaced by a placeholder: task names become `<t1>`,
 * `<t2>`, … in the order the task mentions them, other names `<p1>`, `<p2>`, … in order of first mention in the
 * procedure. Names are read from the procedure itself (see `namesIn`), so this knows no environment's vocabulary.
 */
export function abstractSignature(memory: ProcedureView): { task: string; lines: string[] } {
  const lines = procedureLines(memory);
  const names = namesIn(lines);
  const placeholder = new Map<string, string>();
  const words = memory.task
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  for (const w of words) if (names.has(w) && !placeholder.has(w)) placeholder.set(w, `<t${placeholder.size + 1}>`);
  let others = 0;
  const rename = (text: string) =>
    text.replace(/[a-z][a-z-]*/g, (w) => {
      if (!names.has(w)) return w;
      let p = placeholder.get(w);
      if (p === undefined) {
        others += 1;
        p = `<p${others}>`;
        placeholder.set(w, p);
      }
      return p;
    });
  const task = words.map((w) => placeholder.get(w) ?? w).join(' ');
  return { task, lines: lines.map(rename) };
}

/**
 * How alike two procedures are, in [0, 1]: 2·LCS / (|a| + |b|) over their {@link procedureLines} (the longest
 * common subsequence of whole lines, names kept). 1 means the same lines in the same order; two empty procedures
 * score 1.
 */
export function procedureSimilarity(a: ProcedureView, b: ProcedureView): number {
  return lineSimilarity(procedureLines(a), procedureLines(b));
}

/** 2·LCS / (|x| + |y|) over whole lines, in [0, 1]; two empty lists score 1. */
export function lineSimilarity(x: readonly string[], y: readonly string[]): number {
  if (x.length + y.length === 0) return 1;
  let previous = new Array<number>(y.length + 1).fill(0);
  for (const line of x) {
    const row = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      row[j] =
        line === y[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, row[j - 1] as number);
    }
    previous = row;
  }
  return (2 * (previous[y.length] as number)) / (x.length + y.length);
}

/** Why two memories were found to say the same thing, or undefined when they do not. */
export type SameProcedureVerdict = 'abstract' | 'similar' | undefined;

/**
 * Whether `a` and `b` say the same thing under `rule` (see {@link ConsolidationRule}); `taskCosine` is the cosine
 * of their task vectors. Returns which route matched. A lesson never says the same thing as a procedure (one is what
 * an attempt showed, the other what to do), so the two are never merged.
 */
export function sameProcedure(options: {
  a: ProcedureView;
  b: ProcedureView;
  taskCosine: number;
  rule: ConsolidationRule;
}): SameProcedureVerdict {
  const { a, b, taskCosine, rule } = options;
  if ((a.kind === 'lesson') !== (b.kind === 'lesson')) return undefined;
  const x = abstractSignature(a);
  const y = abstractSignature(b);
  if (rule.abstractRoute && x.task === y.task && lineSimilarity(x.lines, y.lines) >= rule.minAbstractSimilarity)
    return 'abstract';
  if (taskCosine >= rule.minTaskSimilarity && procedureSimilarity(a, b) >= rule.minProcedureSimilarity)
    return 'similar';
  return undefined;
}

/**
 * The length of a memory's procedure, for "the shorter successful procedure wins": the number of steps of its
 * worked example when it has one, else the number of procedure lines.
 */
export function procedureLength(memory: ProcedureView): number {
  return memory.steps !== undefined && memory.steps.length > 0 ? memory.steps.length : procedureLines(memory).length;
}

/** Checks a rule's numbers, returning the name of the first bad field (or undefined when all are fine). */
export function invalidRuleField(rule: ConsolidationRule): string | undefined {
  if (
    !(Number.isFinite(rule.minAbstractSimilarity) && rule.minAbstractSimilarity >= 0 && rule.minAbstractSimilarity <= 1)
  ) {
    return 'minAbstractSimilarity';
  }
  if (!(Number.isFinite(rule.minTaskSimilarity) && rule.minTaskSimilarity >= -1 && rule.minTaskSimilarity <= 1))
    return 'minTaskSimilarity';
  if (
    !(
      Number.isFinite(rule.minProcedureSimilarity) &&
      rule.minProcedureSimilarity >= 0 &&
      rule.minProcedureSimilarity <= 1
    )
  ) {
    return 'minProcedureSimilarity';
  }
  if (!(Number.isInteger(rule.candidates) && rule.candidates >= 1)) return 'candidates';
  return undefined;
}
