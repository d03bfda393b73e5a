import type { BenchBatch, BenchEpisode } from './bench-episode.js';
import { mean } from './run-bench-episodes.js';

/** How a run was configured: recorded in `summary.json` so a run can be reproduced. */
export interface BenchConfig {
  benchmark: 'alfworld';
  /** Directory of the games (a split directory). */
  games: string;
  split: string;
  agent: string;
  /**
   * What the agent observed: `text` (observation text only) or `admissible` (plus the admissible-action list).
   * Absent in summaries written before the mode existed (those ran `admissible` for the offline agent).
   */
  observation?: 'text' | 'admissible';
  /** A control that replaced the engine's retrieval (`random-other-type`), if any. */
  control?: 'random-other-type';
  mode: 'offline' | 'online';
  /** False for `--no-memory`. */
  memory: boolean;
  build: string;
  retrieve: string;
  update: string;
  /** How retrieval ordered procedures, when not by similarity alone (`utility`). */
  rank?: string;
  k: number;
  minScore?: number;
  batch: number;
  limit?: number;
  seed: number;
  maxSteps: number;
  /** The environment also accepted the older grammar's `put X in/on Y` (`--legacy-put`); false: ALFWorld's grammar only. */
  legacyPut?: boolean;
  /** The offline memory source (a split name or a file), if any. */
  memoryFrom?: string;
  /** Model id of the run's language model (agent `llm` and/or LLM policies), e.g. `openai:gpt-4o-mini`. */
  model?: string;
  /** Token budget of the run, if any. */
  tokenBudget?: number;
  /** Embedder id of the run's memory, when not the offline default. */
  embedder?: string;
  /** Whether the run consolidated near-duplicate memories on learn (false: the paper's behaviour); every run records it. */
  consolidate?: boolean;
}

/** Why a run ended before its last task. */
export interface BenchStop {
  /** `BUDGET_EXCEEDED`: the model's token budget ran out. */
  code: 'BUDGET_EXCEEDED';
  message: string;
  /** Tasks of the stream the run had planned (episodes recorded are `summary.episodes`). */
  planned: number;
}

/** Success rate and mean steps of a group of episodes. */
export interface GroupStats {
  episodes: number;
  successes: number;
  /** 0..1 */
  successRate: number;
  meanSteps: number;
}

/**
 * Estimated tokens of the rendered memory the agent received (`BenchEpisode.memoryTokens`), over the episodes
 * that received any memory (episodes with nothing retrieved would only dilute the figure).
 */
export interface MemoryTokenStats {
  /** Episodes that received at least one memory. */
  episodes: number;
  mean: number;
  /** 95th percentile, nearest-rank. */
  p95: number;
  max: number;
}

/** {@link MemoryTokenStats} of `episodes` (zeros when none received memory). */
export function memoryTokenStats(episodes: ReadonlyArray<Pick<BenchEpisode, 'memoryTokens'>>): MemoryTokenStats {
  const values = episodes
    .map((e) => e.memoryTokens)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  if (values.length === 0) return { episodes: 0, mean: 0, p95: 0, max: 0 };
  const p95 = values[Math.max(0, Math.ceil(0.95 * values.length) - 1)] as number;
  return {
    episodes: values.length,
    mean: Math.round(mean(values) * 10) / 10,
    p95,
    max: values[values.length - 1] as number,
  };
}

/** `summary.json`: the figures of one run. */
export interface BenchSummary extends GroupStats {
  runId: string;
  /** A short name of the policy, used as the row label of report tables (e.g. `Proceduralization · Query`). */
  label: string;
  byTaskType: Record<string, GroupStats>;
  batches: BenchBatch[];
  /** Tokens of the run's model: the agent and the LLM policies (memory build, keywords, adjustment); 0 offline. */
  tokens: { input: number; output: number };
  /** Model calls of the run (agent + policies). */
  calls: number;
  /** Rendered memory the agent received per episode ({@link MemoryTokenStats}); absent in summaries written before it existed. */
  memoryTokens?: MemoryTokenStats;
  /** Set when the run was cut short (e.g. by the token budget): it holds the episodes completed before. */
  stopped?: BenchStop;
  /** Active memories before the first episode and after the last. */
  memory: { initial: number; final: number };
  /**
   * What the update policy did over the run (online mode): memories created, adjusted and deprecated, and the
   * episodes that retrieved a memory an update had edited (version above 1) — the only way Adjustment can differ
   * from Validation, which adds the same memories.
   */
  updates?: { created: number; adjusted: number; deprecated: number; episodesUsingEdited: number };
  /** Memories built before the run from `memoryFrom`, and how long that took. */
  memoryBuild?: {
    trajectories: number;
    memories: number;
    ms: number;
    /** Trajectories whose memory the model failed to build, built offline instead (`--on-build-error offline`). */
    fellBack?: number;
    /** Trajectories left out because the model failed on them (`--on-build-error skip`). */
    skipped?: number;
  };
  /** Wall time of the episodes, milliseconds. */
  durationMs: number;
  config: BenchConfig;
}

/** Success rate and mean steps of `episodes`. */
export function groupStats(episodes: readonly BenchEpisode[]): GroupStats {
  const successes = episodes.filter((e) => e.success).length;
  return {
    episodes: episodes.length,
    successes,
    successRate: episodes.length === 0 ? 0 : successes / episodes.length,
    meanSteps: mean(episodes.map((e) => e.steps)),
  };
}

/** A row label for a configuration: `No memory`, the control, or build · retrieve (· update when online). */
export function benchLabel(
  config: Pick<BenchConfig, 'memory' | 'mode' | 'build' | 'retrieve' | 'update' | 'control' | 'rank'>,
): string {
  if (!config.memory) return 'No memory';
  const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  if (config.control === 'random-other-type') {
    return [
      `Control: random other-type memories`,
      title(config.build),
      ...(config.mode === 'online' ? [title(config.update)] : []),
    ].join(' · ');
  }
  const parts = [title(config.build), `Key=${config.retrieve === 'avefact' ? 'AveFact' : title(config.retrieve)}`];
  if (config.mode === 'online') parts.push(title(config.update));
  if (config.rank === 'utility') parts.push('Utility rank');
  return parts.join(' · ');
}

/** Summarizes a run's episodes and batches. */
export function summarizeRun(options: {
  runId: string;
  config: BenchConfig;
  episodes: readonly BenchEpisode[];
  batches: readonly BenchBatch[];
  initialMemorySize: number;
  durationMs: number;
  label?: string;
  memoryBuild?: BenchSummary['memoryBuild'];
  /** The gateway's totals (agent + policies); default: the sums over the episodes. */
  usage?: { input: number; output: number; calls: number };
  stopped?: BenchStop;
}): BenchSummary {
  const { episodes } = options;
  const types = [...new Set(episodes.map((e) => e.taskType))].sort();
  const byTaskType: Record<string, GroupStats> = {};
  for (const type of types) byTaskType[type] = groupStats(episodes.filter((e) => e.taskType === type));
  const last = options.batches[options.batches.length - 1];
  const updated = options.batches.filter((b) => b.updates !== undefined);
  const updates =
    updated.length === 0
      ? undefined
      : {
          created: updated.reduce((n, b) => n + (b.updates?.created ?? 0), 0),
          adjusted: updated.reduce((n, b) => n + (b.updates?.adjusted ?? 0), 0),
          deprecated: updated.reduce((n, b) => n + (b.updates?.deprecated ?? 0), 0),
          episodesUsingEdited: episodes.filter((e) => e.retrieved.some((r) => (r.version ?? 1) > 1)).length,
        };
  return {
    runId: options.runId,
    label: options.label ?? benchLabel(options.config),
    ...groupStats(episodes),
    byTaskType,
    batches: options.batches.slice(),
    tokens: {
      input: options.usage?.input ?? episodes.reduce((n, e) => n + e.tokens.input, 0),
      output: options.usage?.output ?? episodes.reduce((n, e) => n + e.tokens.output, 0),
    },
    calls: options.usage?.calls ?? episodes.reduce((n, e) => n + e.calls, 0),
    memoryTokens: memoryTokenStats(episodes),
    ...(options.stopped === undefined ? {} : { stopped: options.stopped }),
    memory: { initial: options.initialMemorySize, final: last?.memorySize ?? options.initialMemorySize },
    ...(updates === undefined ? {} : { updates }),
    ...(options.memoryBuild === undefined ? {} : { memoryBuild: options.memoryBuild }),
    durationMs: Math.round(options.durationMs),
    config: options.config,
  };
}
