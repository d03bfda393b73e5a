import { join, resolve } from 'node:path';
import type { MempError } from 'memp';
import type { BuildPolicyName } from 'memp';
import type { RetrievePolicyName } from 'memp';
import type { Ranking, UpdatePolicyName } from 'memp';
import type { AlfworldBenchDeps } from './alfworld-bench-deps.js';
import type { AlfworldRunSettings } from './bench-options.js';
import type { BenchSummary } from './bench-summary.js';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import type { ReplayCache } from './build-run-memory.js';
import { runAlfworldBench } from './run-alfworld-bench.js';
import { type ComparisonPaths, writeComparison } from './write-comparison.js';
import { observationText } from './report-markdown.js';

/** Options of {@link runAlfworldGrid}. */
export interface RunAlfworldGridOptions {
  /** Settings shared by every run (agent, data, split, mode, memory source, k, batch, limit, seed). */
  base: AlfworldRunSettings;
  builds: readonly BuildPolicyName[];
  retrieves: readonly RetrievePolicyName[];
  /** Update policies; only meaningful online (offline grids run the first one only). */
  updates: readonly UpdatePolicyName[];
  /** Retrieval rankings, one row each per combination. Default: the base run's ranking only. */
  ranks?: readonly Ranking[];
  /** Add a no-memory row. Default true. */
  baseline?: boolean;
  /**
   * Add the control row: random memories of other task types (first build and update, the grid's memory), to
   * show how much of memory's gain is just "any memory". Default true.
   */
  control?: boolean;
  /** Output directory: one sub-directory per run plus `comparison.{md,html,json}`. */
  out: string;
  progress?: ProgressReporter;
  deps?: AlfworldBenchDeps;
  /** Called when a run finishes (e.g. to print a line). */
  onRun?: (summary: BenchSummary, index: number, total: number) => void;
}

/** What a grid produced. */
export interface AlfworldGridResult {
  rows: BenchSummary[];
  paths: ComparisonPaths;
  /** `BUDGET_EXCEEDED` when a run's token budget ran out: the grid stopped after that (partial) run. */
  error?: MempError;
}

/**
 * Runs the Build × Retrieve × Update ablation on ALFWorld: every combination (plus a no-memory baseline and the
 * random-other-type control) on the same task stream, each in its own run directory, and writes one comparison table as `comparison.md`,
 * `comparison.html` (with charts) and `comparison.json`. Expert replays of the memory source are computed once.
 * With a model, each run has its own gateway (and its own `tokenBudget`); when a run's budget runs out the grid
 * stops after it and writes the comparison of the runs so far (see `error`).
 */
export async function runAlfworldGrid(options: RunAlfworldGridOptions): Promise<AlfworldGridResult> {
  const { base } = options;
  const dir = resolve(options.out);
  const updates = base.mode === 'offline' ? options.updates.slice(0, 1) : options.updates;
  const plans: AlfworldRunSettings[] = [];
  const { control: _noControl, ...policyBase } = base;
  if (options.baseline ?? true) plans.push({ ...policyBase, noMemory: true, mode: 'offline' });
  if (options.control ?? true) {
    plans.push({
      ...policyBase,
      noMemory: false,
      control: 'random-other-type',
      build: options.builds[0] ?? base.build,
      update: updates[0] ?? base.update,
    });
  }
  for (const build of options.builds) {
    for (const retrieve of options.retrieves) {
      for (const update of updates) {
        for (const rank of options.ranks ?? [base.rank])
          plans.push({ ...policyBase, noMemory: false, build, retrieve, update, rank });
      }
    }
  }
  const cache: ReplayCache = new Map();
  const rows: BenchSummary[] = [];
  const runDirs: string[] = [];
  let error: MempError | undefined;
  for (const [i, settings] of plans.entries()) {
    const slug = settings.noMemory
      ? 'no-memory'
      : [
          settings.control ?? settings.build,
          ...(settings.control ? [settings.build] : [settings.retrieve]),
          ...(settings.mode === 'online' ? [settings.update] : []),
          ...(settings.rank === 'utility' && !settings.control ? ['utility'] : []),
        ].join('-');
    const { memoryFrom: _drop, ...withoutSource } = settings;
    const run = await runAlfworldBench({
      settings: settings.noMemory ? withoutSource : settings,
      out: join(dir, slug),
      runId: slug,
      progress: options.progress ?? silentProgress,
      replayCache: cache,
      ...(options.deps ? { deps: options.deps } : {}),
    });
    rows.push(run.summary);
    runDirs.push(run.dir);
    options.onRun?.(run.summary, i, plans.length);
    if (run.error) {
      error = run.error;
      break;
    }
  }
  const describe =
    `agent ${base.agent} (${observationText(base.observation)}) · split ${base.split} · ${base.mode} mode` +
    `${base.memoryFrom ? ` · memory from ${base.memoryFrom}` : ''} · k=${base.k} · batch ${base.batch} · seed ${base.seed}` +
    ` · ${rows[0]?.episodes ?? 0} episodes per run`;
  const model =
    base.model === undefined
      ? ''
      : ` · model ${rows[0]?.config.model ?? base.model.spec}` +
        `${base.model.tokenBudget === undefined ? '' : ` (token budget ${base.model.tokenBudget} per run)`}`;
  const notes = error
    ? [
        `The grid stopped early: ${error.message}. ${rows.length} of ${plans.length} runs are shown; the last one is partial.`,
      ]
    : [];
  const paths = writeComparison({
    dir,
    title: `memp · ALFWorld ${base.split} · Build × Retrieve × Update`,
    subtitle: describe + model,
    rows,
    runDirs,
    ...(notes.length > 0 ? { notes } : {}),
  });
  return { rows, paths, ...(error ? { error } : {}) };
}
