import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSqliteMemoryStore } from '../../../adapters/stores/sqlite/sqlite-memory-store.js';
import type { Retrieved } from '../../../core/retrieved.js';
import { createMemp } from '../../../composition/create-memp.js';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { resolveRunSettings, type AlfworldRunSettings } from './bench-options.js';
import type { BenchEpisode } from './bench-episode.js';
import type { BenchSummary } from './bench-summary.js';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import { runAlfworldBench } from './run-alfworld-bench.js';
import { type ComparisonPaths, writeComparison } from './write-comparison.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';

/** Options of {@link runAlfworldDemo}. */
export interface RunAlfworldDemoOptions {
  /** ALFWorld data directory; undefined runs on the project's generated games. */
  data?: string;
  /** Output directory (runs and the comparison). */
  out: string;
  /** Default 1. */
  seed?: number;
  /** Tasks of the evaluation stream. Default: all of the split. */
  limit?: number;
  /** Episodes per batch (the online update period). Default 10. */
  batch?: number;
  /** Expert demonstrations the third run starts from. Default `train`. */
  memoryFrom?: string;
  progress?: ProgressReporter;
  deps?: AlfworldBenchDeps;
  /** Called when a run starts (e.g. to print what is happening). */
  onRunStart?: (label: string, index: number, total: number) => void;
}

/** What the demo produced. */
export interface AlfworldDemoResult {
  rows: BenchSummary[];
  runDirs: string[];
  paths: ComparisonPaths;
  /** A task of the stream and what the continual run's final memory retrieves for it. */
  sample?: { task: string; retrieved: Retrieved[]; rendered: string };
}

/**
 * The demo: the offline agent on ALFWorld `valid_seen` (the project's generated games unless `data` is given),
 * three runs over the same seeded task stream — no memory; continual learning from its own experience (online,
 * memory starting empty, Proceduralization · Key=Query · Adjustment, updated after every batch); and the same
 * continual run starting from memory built from expert demonstrations of `memoryFrom` — then one comparison table
 * and report.
 */
export async function runAlfworldDemo(options: RunAlfworldDemoOptions): Promise<AlfworldDemoResult> {
  const deps = options.deps ?? defaultAlfworldBenchDeps;
  const out = resolve(options.out);
  const base = resolveRunSettings({
    ...(options.data === undefined ? {} : { data: options.data }),
    split: 'valid_seen',
    agent: 'offline',
    mode: 'online',
    build: 'proceduralization',
    retrieve: 'query',
    update: 'adjustment',
    k: 3,
    batch: options.batch ?? 10,
    seed: options.seed ?? 1,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  const memoryFrom = options.memoryFrom ?? 'train';
  const plans: Array<{ slug: string; label: string; settings: AlfworldRunSettings }> = [
    { slug: 'no-memory', label: 'No memory', settings: { ...base, noMemory: true, mode: 'offline' } },
    { slug: 'continual', label: 'Memory: continual (own experience)', settings: base },
    {
      slug: 'continual-from-expert',
      label: `Memory: expert ${memoryFrom} + continual`,
      settings: { ...base, memoryFrom },
    },
  ];
  const rows: BenchSummary[] = [];
  const runDirs: string[] = [];
  const episodes: BenchEpisode[][] = [];
  for (const [i, plan] of plans.entries()) {
    options.onRunStart?.(plan.label, i, plans.length);
    const run = await runAlfworldBench({
      settings: plan.settings,
      out: join(out, plan.slug),
      runId: plan.slug,
      label: plan.label,
      deps,
      progress: options.progress ?? silentProgress,
    });
    rows.push(run.summary);
    runDirs.push(run.dir);
    episodes.push(run.episodes);
  }
  const games = options.data === undefined ? 'the generated games' : options.data;
  const paths = writeComparison({
    dir: out,
    title: 'memp demo · offline agent on ALFWorld valid_seen, with and without procedural memory',
    subtitle:
      `${rows[0]?.episodes ?? 0} tasks from ${games} · Proceduralization · Key=Query (k=${base.k}) · Adjustment, ` +
      `memory updated every ${base.batch} episodes · seed ${base.seed}`,
    rows,
    runDirs,
    notes: [
      'The agent knows the action grammar but no task procedure: what it gains with memory comes from the memory.',
    ],
  });
  const sample = await sampleRetrieval({
    without: episodes[0] ?? [],
    runs: episodes.slice(1),
    runDirs: runDirs.slice(1),
    seed: base.seed,
  });
  return { rows, runDirs, paths, ...(sample ? { sample } : {}) };
}

/**
 * An episode the agent failed without memory and solved with it, and the memory it was given then (as stored at
 * the end of the run): what memory contributed, shown as the agent's prompt sees it.
 */
async function sampleRetrieval(options: {
  without: readonly BenchEpisode[];
  runs: ReadonlyArray<readonly BenchEpisode[]>;
  runDirs: readonly string[];
  seed: number;
}): Promise<AlfworldDemoResult['sample']> {
  const failed = new Set(options.without.filter((e) => !e.success).map((e) => e.game));
  for (const [i, episodes] of options.runs.entries()) {
    const episode = episodes.find(
      (e) => e.success && failed.has(e.game) && e.retrieved[0] !== undefined && e.retrieved[0].task !== e.task,
    );
    const db = join(options.runDirs[i] ?? '', 'memory.db');
    const hit = episode?.retrieved[0];
    if (!episode || !hit || !existsSync(db)) continue;
    const memp = createMemp({
      store: createSqliteMemoryStore({ path: db }),
      grammar: ALFWORLD_ACTION_GRAMMAR,
      seed: options.seed,
    });
    try {
      const { memory } = await memp.show({ id: hit.id });
      const retrieved: Retrieved[] = [{ memory, score: hit.score, key: 'query' }];
      return { task: episode.task, retrieved, rendered: memp.render(retrieved, { format: 'memp' }) };
    } finally {
      await memp.close();
    }
  }
  return undefined;
}
