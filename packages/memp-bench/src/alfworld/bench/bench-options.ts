import type { HybridSettings, Ranking } from 'memp';
import { resolve } from 'node:path';
import { MempError } from 'memp';
import type { BuildPolicyName } from 'memp';
import type { RetrievePolicyName } from 'memp';
import type { UpdatePolicyName } from 'memp';
import type { BenchMode } from './run-bench-episodes.js';

/** Agents the ALFWorld benchmark runs: expert replay, the offline reference agent, the ReAct LLM agent. */
export const BENCH_AGENT_NAMES = ['expert', 'offline', 'llm'] as const;
/** An agent the ALFWorld benchmark can run. */
export type BenchAgentName = (typeof BENCH_AGENT_NAMES)[number];

/**
 * What the agent observes after every action. `text`: the observation text only (the paper's setting; the agent
 * learns which receptacle heats, cleans or cools from memory or by trying grammar actions). `admissible`: the
 * observation plus the environment's list of admissible actions (which reveals, at each receptacle, whether it
 * heats/cleans/cools the held object). Only the offline agent reads the list.
 */
export const OBSERVATION_MODES = ['text', 'admissible'] as const;
/** An observation mode of the ALFWorld benchmark. */
export type ObservationMode = (typeof OBSERVATION_MODES)[number];

/**
 * Controls that replace the engine's retrieval for a row of the benchmark. `random-other-type`: k active memories
 * sampled at random among those whose task type (known to the bench from the game path of the trajectory they were
 * built from) differs from the episode's — shows how much of memory's gain is just "any memory".
 */
export const MEMORY_CONTROLS = ['random-other-type'] as const;
/** A memory control of the ALFWorld benchmark. */
export type MemoryControl = (typeof MEMORY_CONTROLS)[number];

/**
 * The run's language model: ONE gateway per run, shared by the ReAct agent and the engine's LLM policies
 * (build, AveFact keywords, adjustment), so the token budget and the usage counts cover all of them.
 */
export interface BenchModelSettings {
  /** Model spec, e.g. `openai:gpt-4o-mini` or `openai-compatible:http://localhost:11434/v1#qwen2.5:14b`. */
  spec: string;
  /** Token budget of the run (input + output); when spent the run stops with `BUDGET_EXCEEDED`, keeping what it did. */
  tokenBudget?: number;
  /** Provider calls in flight at most. Default: the gateway's (4). */
  concurrency?: number;
  /** Time limit of one provider call in ms. Default: the gateway's (60 000). */
  timeoutMs?: number;
  /** Build-output cache file (JSONL): a rerun does not pay twice for the same scripts and keywords. */
  buildCache?: string;
}

/** Fully resolved options of one ALFWorld benchmark run. */
export interface AlfworldRunSettings {
  /** ALFWorld data directory (holding `json_2.1.1/`), or undefined for the project's generated games. */
  data?: string;
  /** Split to evaluate on. Default `valid_seen`. */
  split: string;
  agent: BenchAgentName;
  /** What the agent observes. Default `text`. */
  observation: ObservationMode;
  /** A control replacing the engine's retrieval (the row then measures the control, not `retrieve`). Default: none. */
  control?: MemoryControl;
  build: BuildPolicyName;
  retrieve: RetrievePolicyName;
  update: UpdatePolicyName;
  /** How retrieval orders procedures (`similarity`, the paper's, or `utility`). Default `similarity`. */
  rank: Ranking;
  /** Settings of the `hybrid` retrieval policy (`--hybrid-settings FILE`); used by hybrid runs, ignored by others. */
  hybrid?: HybridSettings;
  k: number;
  /** Minimum similarity of a retrieved memory (Key=Query / AveFact; not applied to random). Default: none. */
  minScore?: number;
  mode: BenchMode;
  /** Offline memory source: a split name (expert replays of its games), a split directory, or a memp export / trajectory file. */
  memoryFrom?: string;
  /** Run without memory at all. */
  noMemory: boolean;
  batch: number;
  limit?: number;
  seed: number;
  maxSteps: number;
  /**
   * Compatibility with agents written for ALFWorld's older grammar: the environment also accepts `put X in/on Y`
   * (see `AlfworldSimulatorOptions.legacyPut`). Default false: the game grammar's templates only, as ALFWorld.
   */
  legacyPut?: boolean;
  /** The run's language model (required for agent `llm`; with other agents it drives the LLM policies). */
  model?: BenchModelSettings;
  /** Embedder spec (`openai:text-embedding-3-small`, `openai-compatible:…#…`, `hashing:256`). Default: the offline embedder. */
  embedder?: string;
  /** Consolidate near-duplicate memories on learn (memory build and online updates). Default false: the paper's behaviour. */
  consolidate: boolean;
  /**
   * When the model fails building a memory (`--memory-from` or online learning): `fail` (default) stops the run;
   * `offline` keeps the trajectory with an offline-built memory marked for rebuild; `skip` (memory build only)
   * leaves that trajectory out. The summary counts fallbacks and skips.
   */
  onBuildError?: BuildErrorMode;
}

/** What a bench does when the model fails while building a memory. */
export type BuildErrorMode = 'fail' | 'offline' | 'skip';

/** Raw settings before defaults and consistency checks. */
export type AlfworldRunInput = Partial<Omit<AlfworldRunSettings, 'agent' | 'observation' | 'control'>> & {
  agent?: string;
  observation?: string;
  control?: string;
};

/**
 * Applies defaults and checks consistency: `llm` needs a model, `offline` mode needs a memory source,
 * `--no-memory` excludes `--memory-from` and `--control`, memory may not come from the split under evaluation (that
 * measures recall of the answers), and only the offline agent reads admissible actions. Mode defaults to `offline` with a memory source, else `online`.
 * Throws `INVALID_ARGUMENT` naming the field.
 */
export function resolveRunSettings(input: AlfworldRunInput): AlfworldRunSettings {
  const agent = input.agent ?? 'offline';
  if (!isBenchAgentName(agent)) {
    throw new MempError('INVALID_ARGUMENT', `--agent must be one of ${BENCH_AGENT_NAMES.join(', ')} (got "${agent}")`, {
      details: { field: '--agent' },
    });
  }
  if (agent === 'llm' && (input.model?.spec ?? '').trim() === '') {
    throw new MempError(
      'INVALID_ARGUMENT',
      '--agent llm needs a language model: give --model SPEC (e.g. openai:gpt-4o-mini) or set MEMP_MODEL',
      {
        details: { field: '--model' },
      },
    );
  }
  checkModelSettings(input.model);
  const observation = input.observation ?? 'text';
  if (!isObservationMode(observation)) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--observation must be one of ${OBSERVATION_MODES.join(', ')} (got "${observation}")`,
      { details: { field: '--observation' } },
    );
  }
  if (observation === 'admissible' && agent !== 'offline') {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--observation admissible applies to the offline agent only (the ${agent} agent does not read admissible actions)`,
      {
        details: { field: '--observation' },
      },
    );
  }
  const control = input.control;
  if (control !== undefined && !(MEMORY_CONTROLS as readonly string[]).includes(control)) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--control must be one of ${MEMORY_CONTROLS.join(', ')} (got "${control}")`,
      { details: { field: '--control' } },
    );
  }
  const noMemory = input.noMemory ?? false;
  if (noMemory && input.memoryFrom !== undefined) {
    throw new MempError('INVALID_ARGUMENT', '--no-memory and --memory-from exclude each other', {
      details: { field: '--memory-from' },
    });
  }
  if (noMemory && control !== undefined) {
    throw new MempError('INVALID_ARGUMENT', '--no-memory and --control exclude each other', {
      details: { field: '--control' },
    });
  }
  const split = input.split ?? 'valid_seen';
  if (input.memoryFrom !== undefined && sameSplitName(input.memoryFrom, split)) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--memory-from ${input.memoryFrom} is the split under evaluation: memory from the evaluated games measures recall of their answers; build it from another split (e.g. train)`,
      { details: { field: '--memory-from' } },
    );
  }
  const mode = input.mode ?? (input.memoryFrom !== undefined || noMemory ? 'offline' : 'online');
  if (mode === 'offline' && !noMemory && input.memoryFrom === undefined) {
    throw new MempError(
      'INVALID_ARGUMENT',
      'offline mode evaluates a fixed memory: give --memory-from SPLIT|FILE (or use --mode online, or --no-memory)',
      {
        details: { field: '--mode' },
      },
    );
  }
  for (const field of ['k', 'batch', 'limit', 'maxSteps'] as const) {
    const value = input[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new MempError('INVALID_ARGUMENT', `${field} must be a positive integer`, { details: { field } });
    }
  }
  if (
    input.minScore !== undefined &&
    !(Number.isFinite(input.minScore) && input.minScore >= -1 && input.minScore <= 1)
  ) {
    throw new MempError('INVALID_ARGUMENT', 'minScore must be a number in [-1, 1]', { details: { field: 'minScore' } });
  }
  if (input.seed !== undefined && (!Number.isInteger(input.seed) || input.seed < 0)) {
    throw new MempError('INVALID_ARGUMENT', 'seed must be a non-negative integer', { details: { field: 'seed' } });
  }
  return {
    ...(input.data === undefined ? {} : { data: input.data }),
    split,
    agent,
    observation,
    ...(control === undefined ? {} : { control: control as MemoryControl }),
    build: input.build ?? 'proceduralization',
    retrieve: input.retrieve ?? 'query',
    update: input.update ?? 'adjustment',
    rank: input.rank ?? 'similarity',
    ...(input.hybrid === undefined ? {} : { hybrid: input.hybrid }),
    k: input.k ?? 3,
    ...(input.minScore === undefined ? {} : { minScore: input.minScore }),
    mode,
    ...(input.memoryFrom === undefined ? {} : { memoryFrom: input.memoryFrom }),
    noMemory,
    batch: input.batch ?? 10,
    ...(input.limit === undefined ? {} : { limit: input.limit }),
    seed: input.seed ?? 1,
    maxSteps: input.maxSteps ?? 50,
    legacyPut: input.legacyPut ?? false,
    ...(input.model === undefined ? {} : { model: input.model }),
    ...(input.embedder === undefined ? {} : { embedder: input.embedder }),
    consolidate: input.consolidate ?? false,
    ...(input.onBuildError === undefined ? {} : { onBuildError: input.onBuildError }),
  };
}

function checkModelSettings(model: BenchModelSettings | undefined): void {
  if (model === undefined) return;
  for (const field of ['tokenBudget', 'concurrency', 'timeoutMs'] as const) {
    const value = model[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new MempError('INVALID_ARGUMENT', `${field} must be a positive integer`, { details: { field } });
    }
  }
}

/** True when `mode` is an observation mode of the benchmark. */
export function isObservationMode(mode: string): mode is ObservationMode {
  return (OBSERVATION_MODES as readonly string[]).includes(mode);
}

/**
 * True when a memory source names the evaluated split: the same split name, or the same path once resolved
 * (`valid_seen`, `./valid_seen/`, `/data/json_2.1.1/valid_seen` against split `valid_seen` given as a path).
 * Sources given by name are compared by name; the bench also compares the resolved game directories.
 */
export function sameSplitName(source: string, split: string): boolean {
  const norm = (s: string) => s.trim().replace(/[\\/]+$/, '');
  const a = norm(source);
  const b = norm(split);
  return a === b || resolve(a) === resolve(b);
}

/** True when `name` is an agent the benchmark can run. */
export function isBenchAgentName(name: string): name is BenchAgentName {
  return (BENCH_AGENT_NAMES as readonly string[]).includes(name);
}
