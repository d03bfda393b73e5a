import { existsSync, statSync } from 'node:fs';
import { MempError } from 'memp';
import { performance } from 'node:perf_hooks';
import type { AlfworldGame } from '../environment/alfworld-game.js';
import type { TrajectoryInput } from 'memp';
import type { Memp } from 'memp';
import type { AlfworldBenchDeps } from './alfworld-bench-deps.js';
import type { AlfworldRunSettings } from './bench-options.js';
import type { BenchSummary } from './bench-summary.js';
import { learnTrajectories, replayTrajectories } from './build-memory-from-replays.js';
import { loadMemoryFile } from './load-memory-file.js';
import { refuseMemoryFileFromEvaluated } from '../../shared/memory-file-provenance.js';
import type { ProgressReporter } from '../../shared/progress-reporter.js';
import { resolveAlfworldGames, type ResolvedGames } from './resolve-alfworld-games.js';
import type { BenchTask } from './run-bench-episodes.js';

/** Expert replays shared between runs of one process (a grid replays `train` once), keyed by games directory. */
export type ReplayCache = Map<string, TrajectoryInput[]>;

/** The games of `split`: a directory of games, real ones under `data`, else the project's generated games. */
export function loadGames(data: string | undefined, split: string, deps: AlfworldBenchDeps): ResolvedGames {
  if (existsSync(split) && statSync(split).isDirectory()) return resolveAlfworldGames({ data: split, split });
  return data === undefined ? deps.generatedGames({ split }) : resolveAlfworldGames({ data, split });
}

/**
 * The games of a memory source that names a split or a directory of games (undefined for a memory file), refusing
 * with `INVALID_ARGUMENT` (field `--memory-from`) a source that resolves to `evaluated`, the games directory under
 * evaluation: memory from the evaluated games measures recall of their answers. A memory file is refused likewise
 * when a trajectory in it records an evaluated game (`meta.game`) or a game file in that directory (`meta.path`).
 */
export function memorySourceGames(options: {
  source: string;
  data: string | undefined;
  deps: AlfworldBenchDeps;
  evaluated?: string;
  /** The game ids under evaluation: a memory file holding a trajectory of one of them is refused. */
  evaluatedGames?: ReadonlySet<string>;
}): ResolvedGames | undefined {
  const { source } = options;
  if (existsSync(source) && statSync(source).isFile()) {
    refuseEvaluatedFile(source, options.evaluated, options.evaluatedGames);
    return undefined;
  }
  const set = loadGames(options.data, source, options.deps);
  if (options.evaluated !== undefined && set.dir === options.evaluated) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--memory-from ${source} resolves to the split under evaluation (${set.dir}): memory from the evaluated games measures recall of their answers`,
      { details: { field: '--memory-from', path: set.dir } },
    );
  }
  return set;
}

/** Refuses a memory file built from the evaluated games (`refuseMemoryFileFromEvaluated`), when they are known. */
function refuseEvaluatedFile(file: string, dir: string | undefined, games: ReadonlySet<string> | undefined): void {
  if (dir === undefined && games === undefined) return;
  refuseMemoryFileFromEvaluated({
    file,
    evaluated: { ...(dir === undefined ? {} : { dir }), ...(games === undefined ? {} : { games }) },
  });
}

/** A game as a benchmark task. */
export function toTask(game: AlfworldGame): BenchTask {
  return { id: game.id, taskType: game.taskType, ...(game.path === undefined ? {} : { path: game.path }) };
}

/**
 * Fills a run's memory from `source`: a file (memp export or trajectory JSONL) is loaded as is; anything else
 * names a split (or a directory of games) whose expert replays are learned with the engine's policies.
 */
export async function buildRunMemory(options: {
  memp: Memp;
  source: string;
  settings: Pick<AlfworldRunSettings, 'data' | 'maxSteps' | 'seed' | 'onBuildError'>;
  deps: AlfworldBenchDeps;
  progress: ProgressReporter;
  cache?: ReplayCache;
  /** The games directory under evaluation: a source resolving to it is refused (`INVALID_ARGUMENT`, `--memory-from`). */
  evaluated?: string;
  /** The source's games when the caller already loaded them ({@link memorySourceGames}). */
  games?: ResolvedGames;
  /** The game ids under evaluation: a memory file holding a trajectory of one of them is refused. */
  evaluatedGames?: ReadonlySet<string>;
}): Promise<NonNullable<BenchSummary['memoryBuild']>> {
  const { memp, source, settings, deps, progress } = options;
  const began = performance.now();
  if (existsSync(source) && statSync(source).isFile()) {
    refuseEvaluatedFile(source, options.evaluated, options.evaluatedGames);
    const loaded = await loadMemoryFile({ memp, file: source });
    return { trajectories: loaded.trajectories, memories: loaded.memories, ms: Math.round(performance.now() - began) };
  }
  const set =
    options.games ??
    memorySourceGames({
      source,
      data: settings.data,
      deps,
      ...(options.evaluated === undefined ? {} : { evaluated: options.evaluated }),
    });
  if (set === undefined)
    throw new MempError('INVALID_ARGUMENT', `--memory-from ${source} is a file, not a split`, {
      details: { field: '--memory-from' },
    });
  let trajectories = options.cache?.get(set.dir);
  if (!trajectories) {
    const env = deps.createEnvironment({ games: set.games, maxSteps: settings.maxSteps, forAgent: 'expert' });
    const agent = deps.createAgent({ name: 'expert', seed: settings.seed, games: set.games });
    progress.start({ label: 'expert replays', total: set.games.length });
    const replays = await replayTrajectories({
      tasks: set.games.map(toTask),
      env,
      agent,
      maxSteps: settings.maxSteps,
      prefix: 'expert',
      onProgress: (done) => progress.update({ done }),
    });
    progress.stop();
    trajectories = replays.trajectories;
    options.cache?.set(set.dir, trajectories);
  }
  progress.start({ label: 'building memory', total: trajectories.length });
  const { memories, fellBack, skipped } = await learnTrajectories({
    memp,
    trajectories,
    onProgress: (done) => progress.update({ done }),
    ...(settings.onBuildError === 'skip' ? { skipModelFailures: true } : {}),
  });
  progress.stop();
  return {
    trajectories: trajectories.length,
    memories,
    ms: Math.round(performance.now() - began),
    ...(fellBack > 0 ? { fellBack } : {}),
    ...(skipped > 0 ? { skipped } : {}),
  };
}
