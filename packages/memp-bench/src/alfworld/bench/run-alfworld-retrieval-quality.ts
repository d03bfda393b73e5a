import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteMemoryStore } from 'memp/sqlite';
import { createFixedClock } from 'memp';
import { createSeededRandom, sampleWithoutReplacement } from 'memp/internal';
import { createMemp } from 'memp';
import type { BuildPolicyName } from 'memp';
import type { RetrievePolicyName } from 'memp';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { buildRunMemory, loadGames } from './build-run-memory.js';
import { measureRetrievalQuality, type RetrievalQuality } from './measure-retrieval-quality.js';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';

/** Options of {@link runAlfworldRetrievalQuality}. */
export interface RunAlfworldRetrievalQualityOptions {
  /** ALFWorld data directory, or undefined for the project's generated games. */
  data?: string;
  /** Split whose task sentences are the queries. Default `valid_seen`. */
  split?: string;
  /** Memory source: a split (expert replays) or a file. Default `train`. */
  memoryFrom?: string;
  /** Build policy of the memory. Default `proceduralization`. */
  build?: BuildPolicyName;
  policies?: readonly RetrievePolicyName[];
  k?: number;
  limit?: number;
  seed?: number;
  progress?: ProgressReporter;
  deps?: AlfworldBenchDeps;
}

/** What {@link runAlfworldRetrievalQuality} measured. */
export interface AlfworldRetrievalQualityResult {
  split: string;
  memoryFrom: string;
  memories: number;
  results: RetrievalQuality[];
}

/**
 * On the task sentences of `split`, the share of top-1 (and top-k) memories of the same task type, per retrieval
 * policy, against memory built from `memoryFrom` (default: expert replays of `train`). Memory from the query split
 * itself (its name, directory, or a memory file holding its games) is refused (`INVALID_ARGUMENT`, `--memory-from`).
 * The memory lives in a temporary SQLite file, removed afterwards.
 */
export async function runAlfworldRetrievalQuality(
  options: RunAlfworldRetrievalQualityOptions,
): Promise<AlfworldRetrievalQualityResult> {
  const deps = options.deps ?? defaultAlfworldBenchDeps;
  const split = options.split ?? 'valid_seen';
  const memoryFrom = options.memoryFrom ?? 'train';
  const seed = options.seed ?? 1;
  const evaluated = loadGames(options.data, split, deps);
  const queries = evaluated.games;
  const ordered = sampleWithoutReplacement(queries, queries.length, createSeededRandom(seed));
  const games = options.limit === undefined ? ordered : ordered.slice(0, options.limit);
  const dir = mkdtempSync(join(tmpdir(), 'memp-rq-'));
  const memp = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, 'memory.db') }),
    grammar: ALFWORLD_ACTION_GRAMMAR,
    build: options.build ?? 'proceduralization',
    update: 'validation',
    seed,
    clock: createFixedClock(),
  });
  try {
    const built = await buildRunMemory({
      memp,
      source: memoryFrom,
      deps,
      evaluated: evaluated.dir,
      evaluatedGames: new Set(queries.map((g) => g.id)),
      progress: options.progress ?? silentProgress,
      settings: { seed, maxSteps: 50, ...(options.data === undefined ? {} : { data: options.data }) },
    });
    const results = await measureRetrievalQuality({
      memp,
      tasks: games.map((g) => ({ task: g.task, taskType: g.taskType })),
      policies: options.policies ?? ['random', 'query', 'avefact', 'hybrid'],
      k: options.k ?? 3,
    });
    return { split, memoryFrom, memories: built.memories, results };
  } finally {
    await memp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
