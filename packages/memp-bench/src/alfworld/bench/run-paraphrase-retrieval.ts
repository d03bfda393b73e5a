import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_NAMESPACE, MempError, createFixedClock, createHybridRetrievePolicy, createMemp } from 'memp';
import type { HybridSettings, RetrievePolicy, RetrievePolicyName } from 'memp';
import { createSqliteMemoryStore } from 'memp/sqlite';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import { paraphraseTask } from '../../shared/paraphrase-rules.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { buildRunMemory, loadGames } from './build-run-memory.js';
import { learnRewordedReplays } from './learn-reworded-replays.js';
import { measureRetrievalQuality, type RetrievalQuality } from './measure-retrieval-quality.js';

/** A `hybrid` variant measured beside the default one: its label and settings. */
export interface HybridVariant {
  name: string;
  settings: HybridSettings;
}

/** The variants {@link runParaphraseRetrieval} measures by default: the choices the defaults were decided by. */
export const DEFAULT_HYBRID_VARIANTS: readonly HybridVariant[] = [
  { name: 'hybrid (diversity none)', settings: { diversity: 'none' } },
  { name: 'hybrid (feedback expansion)', settings: { expansion: 'feedback' } },
  { name: 'hybrid (co-occurrence expansion)', settings: { expansion: 'cooccurrence' } },
];

/** Options of {@link runParaphraseRetrieval}. */
export interface RunParaphraseRetrievalOptions {
  data?: string;
  /** Splits whose task sentences are the queries. Default `valid_seen` and `valid_train`. */
  splits?: readonly string[];
  /** Memory source. Default `train`. */
  memoryFrom?: string;
  /** A SQLite file holding the built memory: reused when it exists, else built and kept there. Default: temporary. */
  memoryDb?: string;
  k?: number;
  seed?: number;
  /**
   * Splits whose expert replays are learned into the memory with reworded task sentences before measuring
   * (`learnRewordedReplays`): the namespace has met the new wording on other games. Must not be a query split.
   */
  learnReworded?: readonly string[];
  variants?: readonly HybridVariant[];
  progress?: ProgressReporter;
  deps?: AlfworldBenchDeps;
}

/** What {@link runParaphraseRetrieval} measured, per query set (original sentences, then paraphrased). */
export interface ParaphraseRetrievalResult {
  splits: readonly string[];
  /** Splits learned with reworded task sentences before measuring (see `learnReworded`). */
  learnedReworded: readonly string[];
  /** Memories in the namespace measured (all of them, active or not). */
  memories: number;
  memoryFrom: string;
  queries: number;
  /** Three examples of original → paraphrased queries. */
  examples: Array<{ original: string; paraphrased: string }>;
  original: RetrievalQuality[];
  paraphrased: RetrievalQuality[];
}

/**
 * Retrieval on reworded tasks: the task sentences of `splits` as they are and reworded by `paraphraseTask`
 * (memp-bench's rules, which do not mirror memp's normalisation), against memory from expert replays of `memoryFrom`;
 * the top-1 and top-k share of the query's task type for Random, Key=Query, Key=AveFact, `hybrid` and its variants.
 */
export async function runParaphraseRetrieval(
  options: RunParaphraseRetrievalOptions,
): Promise<ParaphraseRetrievalResult> {
  const deps = options.deps ?? defaultAlfworldBenchDeps;
  const splits = options.splits ?? ['valid_seen', 'valid_train'];
  const memoryFrom = options.memoryFrom ?? 'train';
  const seed = options.seed ?? 1;
  const learnReworded = options.learnReworded ?? [];
  const overlap = learnReworded.find((split) => splits.includes(split));
  if (overlap !== undefined) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--learn-reworded ${overlap} is a query split: its reworded sentences would be in the memory`,
      { details: { field: '--learn-reworded' } },
    );
  }
  const tasks = splits.flatMap((split) =>
    loadGames(options.data, split, deps).games.map((g) => ({ task: g.task, taskType: g.taskType })),
  );
  const dir = options.memoryDb === undefined ? mkdtempSync(join(tmpdir(), 'memp-para-')) : undefined;
  const path = options.memoryDb ?? join(dir as string, 'memory.db');
  const reuse = options.memoryDb !== undefined && existsSync(path);
  const memp = createMemp({
    store: createSqliteMemoryStore({ path }),
    grammar: ALFWORLD_ACTION_GRAMMAR,
    build: 'proceduralization',
    update: 'validation',
    seed,
    clock: createFixedClock(),
  });
  try {
    if (!reuse) {
      await buildRunMemory({
        memp,
        source: memoryFrom,
        deps,
        progress: options.progress ?? silentProgress,
        settings: { seed, maxSteps: 50, ...(options.data === undefined ? {} : { data: options.data }) },
      });
      await learnRewordedReplays({ memp, data: options.data, splits: learnReworded, deps, maxSteps: 50, seed });
    }
    const variants: RetrievePolicy[] = (options.variants ?? DEFAULT_HYBRID_VARIANTS).map((v) => ({
      name: v.name,
      retrieve: createHybridRetrievePolicy(v.settings).retrieve,
    }));
    const policies: Array<RetrievePolicyName | RetrievePolicy> = ['random', 'query', 'avefact', 'hybrid', ...variants];
    const k = options.k ?? 3;
    const paraphrasedTasks = tasks.map((t) => ({ task: paraphraseTask(t.task), taskType: t.taskType }));
    return {
      splits,
      learnedReworded: learnReworded,
      memories: (await memp.store.stats({ namespace: DEFAULT_NAMESPACE })).memories,
      memoryFrom,
      queries: tasks.length,
      examples: [0, Math.floor(tasks.length / 2), tasks.length - 1].flatMap((i) =>
        tasks[i] === undefined ? [] : [{ original: tasks[i].task, paraphrased: paraphrasedTasks[i]?.task ?? '' }],
      ),
      original: await measureRetrievalQuality({ memp, tasks, policies, k }),
      paraphrased: await measureRetrievalQuality({ memp, tasks: paraphrasedTasks, policies, k }),
    };
  } finally {
    await memp.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}
