import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteMemoryStore } from '../../adapters/stores/sqlite/sqlite-memory-store.js';
import { createFixedClock } from '../../core/clock.js';
import { createSeededRandom, sampleWithoutReplacement } from '../../core/random.js';
import { createMemp, type Memp } from '../../engine/create-memp.js';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import type { BenchEpisode } from './bench-episode.js';
import type { AlfworldRunSettings } from './bench-options.js';
import { type BenchConfig, type BenchSummary, summarizeRun } from './bench-summary.js';
import { buildRunMemory, loadGames, toTask, type ReplayCache } from './build-run-memory.js';
import { silentProgress, type ProgressReporter } from './progress-reporter.js';
import { runBenchEpisodes } from './run-bench-episodes.js';
import { type RunOutputPaths, writeRunOutputs } from './write-run-outputs.js';


/** Options of {@link runAlfworldBench}. */
export interface RunAlfworldBenchOptions {
  settings: AlfworldRunSettings;
  /** Output directory. Default `runs/<run-id>`. */
  out?: string;
  /** Run id. Default: split, agent, policy and a timestamp. */
  runId?: string;
  /** Row label of the reports. Default: derived from the policies. */
  label?: string;
  progress?: ProgressReporter;
  /** Environment, agents and generated games. Default: the ALFWorld simulator and the project's agents. */
  deps?: AlfworldBenchDeps;
  replayCache?: ReplayCache;
  /** Write the output files. Default true. */
  write?: boolean;
}

/** What a run produced. */
export interface AlfworldBenchResult {
  summary: BenchSummary;
  episodes: BenchEpisode[];
  /** Output files (when written). */
  paths?: RunOutputPaths;
  /** The run directory. */
  dir: string;
}

/**
 * Runs one ALFWorld benchmark: loads the split (real games from `settings.data`, else the project's generated
 * games), orders it with the seed, builds the offline memory from `memoryFrom` if given, runs the agent over the
 * stream (updating memory per batch in online mode) and writes `episodes.jsonl`, `summary.json`, `report.md` and
 * `report.html`. The run's memory is a SQLite file `memory.db` in the run directory, recreated at every run.
 */
export async function runAlfworldBench(options: RunAlfworldBenchOptions): Promise<AlfworldBenchResult> {
  const { settings } = options;
  const deps = options.deps ?? defaultAlfworldBenchDeps;
  const progress = options.progress ?? silentProgress;
  const evalSet = loadGames(settings.data, settings.split, deps);
  const ordered = sampleWithoutReplacement(evalSet.games, evalSet.games.length, createSeededRandom(settings.seed));
  const games = settings.limit === undefined ? ordered : ordered.slice(0, settings.limit);
  const runId = options.runId ?? defaultRunId(settings);
  const dir = resolve(options.out ?? join('runs', runId));
  mkdirSync(dir, { recursive: true });
  const memp = settings.noMemory ? undefined : openRunMemory(dir, settings);
  try {
    const memoryBuild = memp && settings.memoryFrom !== undefined
      ? await buildRunMemory({ memp, source: settings.memoryFrom, settings, deps, progress, ...(options.replayCache ? { cache: options.replayCache } : {}) })
      : undefined;
    const env = deps.createEnvironment({ games, maxSteps: settings.maxSteps, forAgent: settings.agent });
    const agent = deps.createAgent({ name: settings.agent, seed: settings.seed, games });
    progress.start({ label: 'episodes', total: games.length });
    let successes = 0;
    const began = performance.now();
    const { episodes, batches, initialMemorySize } = await runBenchEpisodes({
      tasks: games.map(toTask), env, agent, ...(memp ? { memp } : {}), mode: settings.mode, batch: settings.batch,
      k: settings.k, maxSteps: settings.maxSteps,
      onEpisode(episode, done) {
        if (episode.success) successes += 1;
        progress.update({ done, status: `SR ${((successes / done) * 100).toFixed(1)}%` });
      },
    });
    const durationMs = performance.now() - began;
    progress.stop();
    const summary = summarizeRun({
      runId, config: configOf(settings, evalSet.dir), episodes, batches, initialMemorySize, durationMs,
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(memoryBuild ? { memoryBuild } : {}),
    });
    const paths = options.write === false ? undefined : writeRunOutputs({ dir, episodes, summary });
    return { summary, episodes, dir, ...(paths ? { paths } : {}) };
  } finally {
    progress.stop();
    await memp?.close();
  }
}

function openRunMemory(dir: string, settings: AlfworldRunSettings): Memp {
  const path = join(dir, 'memory.db');
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  return createMemp({
    store: createSqliteMemoryStore({ path }),
    build: settings.build,
    retrieve: settings.retrieve,
    update: settings.update,
    k: settings.k,
    ...(settings.minScore === undefined ? {} : { minScore: settings.minScore }),
    seed: settings.seed,
    clock: createFixedClock(),
  });
}

function configOf(settings: AlfworldRunSettings, gamesDir: string): BenchConfig {
  return {
    benchmark: 'alfworld',
    games: gamesDir,
    split: settings.split,
    agent: settings.agent,
    mode: settings.mode,
    memory: !settings.noMemory,
    build: settings.build,
    retrieve: settings.retrieve,
    update: settings.update,
    k: settings.k,
    ...(settings.minScore === undefined ? {} : { minScore: settings.minScore }),
    batch: settings.batch,
    ...(settings.limit === undefined ? {} : { limit: settings.limit }),
    seed: settings.seed,
    maxSteps: settings.maxSteps,
    ...(settings.memoryFrom === undefined ? {} : { memoryFrom: settings.memoryFrom }),
  };
}

/** `<split>-<agent>-<policy>-s<seed>-<UTC timestamp>`, safe as a directory name. */
export function defaultRunId(settings: AlfworldRunSettings): string {
  const policy = settings.noMemory ? 'nomem' : `${settings.mode}-${settings.build}-${settings.retrieve}${settings.mode === 'online' ? `-${settings.update}` : ''}`;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${settings.split}-${settings.agent}-${policy}-s${settings.seed}-${stamp}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
