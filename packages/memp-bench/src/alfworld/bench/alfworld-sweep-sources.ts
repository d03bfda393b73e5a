import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createMemp, MempError, type TrajectoryInput } from 'memp';
import { createSqliteMemoryStore } from 'memp/sqlite';
import { wrapError } from 'memp/internal';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { type MemorySourceSpec, readTrajectoryFile, trajectorySuccessRate } from '../../shared/memory-source-spec.js';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import type { AlfworldBenchDeps } from './alfworld-bench-deps.js';
import type { AlfworldRunSettings } from './bench-options.js';
import type { BenchSummary } from './bench-summary.js';
import { replayTrajectories } from './build-memory-from-replays.js';
import { loadGames, memorySourceGames, toTask, type ReplayCache } from './build-run-memory.js';
import { runAlfworldBench } from './run-alfworld-bench.js';

/** A memory source made ready for one run of a sweep. */
export interface ResolvedSweepSource {
  /** What the run passes as `memoryFrom`: the split or file as given, or a file the sweep wrote. */
  memoryFrom: string;
  /** Share of the source's trajectories that succeeded (the strength of the agent that wrote it), if known. */
  successRate?: number;
  /** Trajectories the source holds (before any sampling). */
  trajectories?: number;
  /** The source's trajectories, when the sweep can sample them (splits and trajectory files). */
  items?: TrajectoryInput[];
}

/** What every source resolution needs: the sweep's base settings, its deps, its caches and its directory. */
export interface SweepSourceContext {
  base: AlfworldRunSettings;
  deps: AlfworldBenchDeps;
  replays: ReplayCache;
  /** Resolved `own:` sources, by spec and seed. */
  own: Map<string, ResolvedSweepSource>;
  /** The sweep's directory: written sources go under `sources/`. */
  dir: string;
  /** Reuse an own-memory run and export a previous sweep left in `sources/`. */
  resume?: boolean;
  progress?: ProgressReporter;
}

/**
 * Resolves a memory source for a run with `seed`: a split is replayed by the expert (once per sweep), a file is read
 * (filtered by its field and written under `sources/` when the spec has a filter), and `own:SPLIT` runs the agent
 * online on SPLIT with empty memory and exports the memory it learned (once per seed). `needItems` asks for the
 * trajectories themselves (for sampling): refused with `INVALID_ARGUMENT` for sources that are not trajectories.
 */
export async function resolveSweepSource(
  spec: MemorySourceSpec,
  seed: number,
  context: SweepSourceContext,
  needItems = false,
): Promise<ResolvedSweepSource> {
  if (spec.kind === 'own') {
    if (needItems)
      throw new MempError(
        'INVALID_ARGUMENT',
        `--memory-sizes cannot sample ${spec.text}: it is a memory, not trajectories`,
        {
          details: { field: '--memory-from' },
        },
      );
    return ownOnlineMemory(spec.split, seed, context);
  }
  if (spec.kind === 'split') {
    const items = await expertReplays(spec.split, context);
    return {
      memoryFrom: spec.split,
      successRate: trajectorySuccessRate(items) ?? 0,
      trajectories: items.length,
      items,
    };
  }
  if (spec.kind === 'file') {
    let items: TrajectoryInput[] | undefined;
    try {
      items = readTrajectoryFile({ file: spec.file });
    } catch (error) {
      if (needItems) throw error;
    }
    const rate = items === undefined ? undefined : trajectorySuccessRate(items);
    return {
      memoryFrom: spec.file,
      ...(rate === undefined ? {} : { successRate: rate }),
      ...(items ? { trajectories: items.length, items } : {}),
    };
  }
  const items = readTrajectoryFile({ file: spec.file, field: spec.field, value: spec.value });
  const file = join(context.dir, 'sources', `${slugOf(spec.text)}.jsonl`);
  writeTrajectories(file, items);
  return { memoryFrom: file, successRate: trajectorySuccessRate(items) ?? 0, trajectories: items.length, items };
}

/** Writes trajectories as JSONL (creating the directory); `STORAGE_FAILED` when it cannot. */
export function writeTrajectories(file: string, items: readonly TrajectoryInput[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, items.map((t) => `${JSON.stringify(t)}\n`).join(''));
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot write the sampled memory source ${file}`);
  }
}

/** A name safe as a file name, from a source spec. */
export function slugOf(text: string): string {
  return text
    .replace(/^.*[\\/]/, '')
    .replace(/\.jsonl?$/, '')
    .replace(/[^A-Za-z0-9._=-]+/g, '_')
    .slice(0, 80);
}

/** The expert replays of a split's games (refusing the split under evaluation), replayed once per sweep. */
async function expertReplays(split: string, context: SweepSourceContext): Promise<TrajectoryInput[]> {
  const known = context.replays.get(`source:${split}`);
  if (known) return known;
  const { base, deps } = context;
  const evaluated = loadGames(base.data, base.split, deps).dir;
  const set = memorySourceGames({ source: split, data: base.data, deps, evaluated });
  if (set === undefined) throw new MempError('INTERNAL', `${split} is a file, not a split`);
  const cached = context.replays.get(set.dir);
  if (cached) {
    context.replays.set(`source:${split}`, cached);
    return cached;
  }
  const progress = context.progress ?? silentProgress;
  const env = deps.createEnvironment({ games: set.games, maxSteps: base.maxSteps, forAgent: 'expert' });
  const agent = deps.createAgent({ name: 'expert', seed: base.seed, games: set.games });
  progress.start({ label: `expert replays of ${split}`, total: set.games.length });
  const replays = await replayTrajectories({
    tasks: set.games.map(toTask),
    env,
    agent,
    maxSteps: base.maxSteps,
    prefix: 'expert',
    onProgress: (done) => progress.update({ done }),
  });
  progress.stop();
  context.replays.set(set.dir, replays.trajectories);
  // the games of a split load once per sweep too (parsing thousands of game files per point is slow)
  context.replays.set(`source:${split}`, replays.trajectories);
  return replays.trajectories;
}

/**
 * The agent's own online memory: the agent plays `split` online (memory starts empty and learns every batch, the
 * sweep's policies), then the memory it ended with is exported to `sources/own-<split>-s<seed>.jsonl`. Its success
 * rate on `split` is the source's strength. Refuses the split under evaluation.
 */
async function ownOnlineMemory(split: string, seed: number, context: SweepSourceContext): Promise<ResolvedSweepSource> {
  const key = `${split}#${seed}`;
  const known = context.own.get(key);
  if (known) return known;
  const { base, deps } = context;
  const evaluated = loadGames(base.data, base.split, deps).dir;
  if (loadGames(base.data, split, deps).dir === evaluated)
    throw new MempError(
      'INVALID_ARGUMENT',
      `--memory-from own:${split} is the split under evaluation: the agent would remember the answers it is tested on`,
      { details: { field: '--memory-from' } },
    );
  const { memoryFrom: _none, control: _noControl, ...rest } = base;
  const runDir = join(context.dir, 'sources', `own-${slugOf(split)}-s${seed}`);
  const file = join(context.dir, 'sources', `own-${slugOf(split)}-s${seed}.jsonl`);
  if (context.resume && existsSync(file) && existsSync(join(runDir, 'summary.json'))) {
    const previous = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as BenchSummary;
    const resolved = { memoryFrom: file, successRate: previous.successRate, trajectories: previous.episodes };
    context.own.set(key, resolved);
    return resolved;
  }
  const run = await runAlfworldBench({
    settings: { ...rest, split, seed, mode: 'online', noMemory: false },
    out: runDir,
    runId: `own-${slugOf(split)}-s${seed}`,
    progress: context.progress ?? silentProgress,
    deps,
  });
  if (run.error) throw run.error;
  const embedder = base.embedder === undefined ? undefined : await deps.createEmbedder({ spec: base.embedder });
  const memp = createMemp({
    store: createSqliteMemoryStore({ path: join(runDir, 'memory.db') }),
    grammar: ALFWORLD_ACTION_GRAMMAR,
    ...(embedder ? { embedder } : {}),
  });
  const lines: string[] = [];
  try {
    const header = await memp.exportTo({ write: (line) => void lines.push(line) });
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const resolved: ResolvedSweepSource = {
      memoryFrom: file,
      successRate: run.summary.successRate,
      trajectories: header.trajectories,
    };
    context.own.set(key, resolved);
    return resolved;
  } finally {
    await memp.close();
  }
}
