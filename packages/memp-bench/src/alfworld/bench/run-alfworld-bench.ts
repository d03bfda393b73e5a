import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFileBuildCache } from 'memp/ai';
import type { LlmGateway } from 'memp';
import { createSqliteMemoryStore } from 'memp/sqlite';
import { createFixedClock } from 'memp';
import { MempError, isMempError } from 'memp';
import { createSeededRandom, sampleWithoutReplacement } from 'memp/internal';
import { createMemp, type Memp } from 'memp';
import type { Embedder } from 'memp';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import type { BenchEpisode } from './bench-episode.js';
import type { AlfworldRunSettings } from './bench-options.js';
import { type BenchConfig, type BenchStop, type BenchSummary, summarizeRun } from './bench-summary.js';
import { buildRunMemory, loadGames, memorySourceGames, toTask, type ReplayCache } from './build-run-memory.js';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import { type BenchEpisodesResult, runBenchEpisodes } from './run-bench-episodes.js';
import { type RunOutputPaths, writeRunOutputs } from './write-run-outputs.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { DEFAULT_NAMESPACE } from 'memp';
import { createOtherTypeRandomControl } from './other-type-random-control.js';

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
  /**
   * `BUDGET_EXCEEDED` when the model's token budget ran out: the run stopped early, and `summary`, `episodes` and
   * the written files hold what it completed (`summary.stopped` says so). The CLI reports it and exits non-zero.
   */
  error?: MempError;
}

/**
 * Runs one ALFWorld benchmark: loads the split (real games from `settings.data`, else the project's generated
 * games), orders it with the seed, builds the offline memory from `memoryFrom` if given, runs the agent over the
 * stream (updating memory per batch in online mode) and writes `episodes.jsonl`, `summary.json`, `report.md` and
 * `report.html`. The run's memory is a SQLite file `memory.db` in the run directory, recreated at every run.
 * With `settings.model`, ONE gateway serves the agent and the engine's LLM policies: its budget covers both and its
 * usage is the summary's `tokens`/`calls`. A spent budget ends the run early with its partial results (see `error`).
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
  const gateway = settings.model === undefined ? undefined : deps.createGateway(settings.model);
  const embedder =
    settings.embedder === undefined || settings.noMemory
      ? undefined
      : await deps.createEmbedder({ spec: settings.embedder });
  // Refuse memory from the evaluated games before anything is written.
  const sourceGames =
    settings.noMemory || settings.memoryFrom === undefined
      ? undefined
      : memorySourceGames({
          source: settings.memoryFrom,
          data: settings.data,
          deps,
          evaluated: evalSet.dir,
          evaluatedGames: new Set(evalSet.games.map((g) => g.id)),
        });
  mkdirSync(dir, { recursive: true });
  const memp = settings.noMemory ? undefined : openRunMemory(dir, settings, gateway, embedder);
  try {
    let stopped: MempError | undefined;
    let memoryBuild: BenchSummary['memoryBuild'];
    if (memp && settings.memoryFrom !== undefined) {
      try {
        memoryBuild = await buildRunMemory({
          memp,
          source: settings.memoryFrom,
          settings,
          deps,
          progress,
          evaluated: evalSet.dir,
          ...(sourceGames ? { games: sourceGames } : {}),
          ...(options.replayCache ? { cache: options.replayCache } : {}),
        });
      } catch (error) {
        if (!isMempError(error, 'BUDGET_EXCEEDED')) throw error;
        stopped = error;
        progress.stop();
      }
    }
    const { observation } = settings;
    const env = deps.createEnvironment({
      games,
      maxSteps: settings.maxSteps,
      forAgent: settings.agent,
      observation,
      legacyPut: settings.legacyPut ?? false,
    });
    const agent = deps.createAgent({
      name: settings.agent,
      seed: settings.seed,
      games,
      observation,
      ...(gateway ? { gateway } : {}),
    });
    const control =
      memp && settings.control === 'random-other-type'
        ? createOtherTypeRandomControl({ store: memp.store, namespace: DEFAULT_NAMESPACE, seed: settings.seed })
        : undefined;
    let successes = 0;
    const began = performance.now();
    let outcome: BenchEpisodesResult;
    if (stopped) {
      outcome = { episodes: [], batches: [], initialMemorySize: memp ? (await memp.stats()).active : 0 };
    } else {
      progress.start({ label: 'episodes', total: games.length });
      outcome = await runBenchEpisodes({
        tasks: games.map(toTask),
        env,
        agent,
        ...(memp ? { memp } : {}),
        mode: settings.mode,
        batch: settings.batch,
        k: settings.k,
        maxSteps: settings.maxSteps,
        ...(gateway ? { usage: () => gateway.usage() } : {}),
        ...(control ? { retrievePolicy: control } : {}),
        onEpisode(episode, done) {
          if (episode.success) successes += 1;
          progress.update({ done, status: `SR ${((successes / done) * 100).toFixed(1)}%` });
        },
      });
      stopped = outcome.stopped;
    }
    const { episodes, batches, initialMemorySize } = outcome;
    const durationMs = performance.now() - began;
    progress.stop();
    const stop: BenchStop | undefined = stopped && {
      code: 'BUDGET_EXCEEDED',
      message: stopped.message,
      planned: games.length,
    };
    const summary = summarizeRun({
      runId,
      config: configOf(settings, evalSet.dir, gateway, memp),
      episodes,
      batches,
      initialMemorySize,
      durationMs,
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(memoryBuild ? { memoryBuild } : {}),
      ...(gateway ? { usage: gateway.usage() } : {}),
      ...(stop ? { stopped: stop } : {}),
    });
    const paths = options.write === false ? undefined : writeRunOutputs({ dir, episodes, summary });
    const error =
      stopped &&
      new MempError(
        'BUDGET_EXCEEDED',
        `${stopped.message}; the run stopped after ${episodes.length} of ${games.length} episodes (partial results in ${dir})`,
        { cause: stopped, details: { ...stopped.details, episodes: episodes.length, planned: games.length, dir } },
      );
    return { summary, episodes, dir, ...(paths ? { paths } : {}), ...(error ? { error } : {}) };
  } finally {
    progress.stop();
    await memp?.close();
  }
}

function openRunMemory(
  dir: string,
  settings: AlfworldRunSettings,
  gateway: LlmGateway | undefined,
  embedder: Embedder | undefined,
): Memp {
  const path = join(dir, 'memory.db');
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  const cachePath = settings.model?.buildCache;
  return createMemp({
    store: createSqliteMemoryStore({ path }),
    grammar: ALFWORLD_ACTION_GRAMMAR,
    build: settings.build,
    retrieve: settings.retrieve,
    ...(settings.hybrid === undefined || settings.retrieve !== 'hybrid' ? {} : { hybrid: settings.hybrid }),
    update: settings.update,
    rank: settings.rank,
    k: settings.k,
    ...(settings.minScore === undefined ? {} : { minScore: settings.minScore }),
    ...(gateway === undefined ? {} : { model: gateway }),
    ...(gateway === undefined || cachePath === undefined
      ? {}
      : { buildCache: createFileBuildCache({ path: cachePath }) }),
    ...(embedder === undefined ? {} : { embedder }),
    seed: settings.seed,
    clock: createFixedClock(),
    consolidate: settings.consolidate,
    onBuildError: settings.onBuildError === 'offline' ? 'offline' : 'fail',
  });
}

function configOf(
  settings: AlfworldRunSettings,
  gamesDir: string,
  gateway: LlmGateway | undefined,
  memp: Memp | undefined,
): BenchConfig {
  return {
    benchmark: 'alfworld',
    games: gamesDir,
    split: settings.split,
    agent: settings.agent,
    observation: settings.observation,
    ...(settings.control === undefined || settings.noMemory ? {} : { control: settings.control }),
    mode: settings.mode,
    memory: !settings.noMemory,
    build: settings.build,
    retrieve: settings.retrieve,
    update: settings.update,
    ...(settings.rank === 'similarity' ? {} : { rank: settings.rank }),
    k: settings.k,
    ...(settings.minScore === undefined ? {} : { minScore: settings.minScore }),
    batch: settings.batch,
    ...(settings.limit === undefined ? {} : { limit: settings.limit }),
    seed: settings.seed,
    maxSteps: settings.maxSteps,
    legacyPut: settings.legacyPut ?? false,
    ...(settings.memoryFrom === undefined ? {} : { memoryFrom: settings.memoryFrom }),
    ...(gateway === undefined ? {} : { model: gateway.modelId }),
    ...(settings.model?.tokenBudget === undefined ? {} : { tokenBudget: settings.model.tokenBudget }),
    ...(memp === undefined || settings.embedder === undefined ? {} : { embedder: memp.embedder.id }),
    consolidate: settings.consolidate,
  };
}

/** `<split>-<agent>-<policy>-s<seed>-<UTC timestamp>`, safe as a directory name. */
export function defaultRunId(settings: AlfworldRunSettings): string {
  const retrieve = settings.control ?? settings.retrieve;
  const policy = settings.noMemory
    ? 'nomem'
    : `${settings.mode}-${settings.build}-${retrieve}${settings.mode === 'online' ? `-${settings.update}` : ''}${settings.rank === 'utility' ? '-utility' : ''}`;
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${settings.split}-${settings.agent}-${settings.observation}-${policy}-s${settings.seed}-${stamp}`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
}
