import type { AlfworldGame } from '../environment/alfworld-game.js';
import { createAlfworldEnvironment } from '../environment/alfworld-environment.js';
import { generateAlfworldGames } from '../environment/generate-games.js';
import type { Agent } from '../../ports/agent.js';
import { createExpertAgent } from '../agents/expert-agent.js';
import { createOfflineAgent } from '../agents/offline-agent.js';
import { createReactAgent } from '../agents/react/react-agent.js';
import { createEmbedderFromSpec } from 'memp/ai';
import { createLlmGatewayFromSpec } from 'memp/ai';
import type { LlmGateway } from 'memp';
import { parseEmbedderSpec, parseModelSpec } from 'memp/ai';
import { MempError } from 'memp';
import type { Embedder } from 'memp';
import type { Environment } from '../../ports/environment.js';
import type { BenchAgentName, BenchModelSettings, ObservationMode } from './bench-options.js';
import type { ResolvedGames } from './resolve-alfworld-games.js';

/** What the ALFWorld benchmark needs from the environment, agent and model adapters (injected for tests). */
export interface AlfworldBenchDeps {
  /** An environment whose `reset(gameId)` starts the game with that id. */
  createEnvironment(options: {
    games: readonly AlfworldGame[];
    maxSteps: number;
    forAgent: BenchAgentName;
    /** `admissible`: list the admissible actions with every observation (for the offline agent). Default `text`. */
    observation?: ObservationMode;
    /** Accept the older `put X in/on Y` template (see `AlfworldSimulatorOptions.legacyPut`). */
    legacyPut?: boolean;
  }): Environment;
  /**
   * The agent `name`, seeded, for `games`; `gateway` is the run's model (required for `llm`); `observation` says
   * whether the offline agent reads admissible actions (default `text`: it does not).
   */
  createAgent(options: {
    name: BenchAgentName;
    seed: number;
    games: readonly AlfworldGame[];
    gateway?: LlmGateway;
    observation?: ObservationMode;
  }): Agent;
  /** The project's generated games of `split` (used when no ALFWorld data directory is given). */
  generatedGames(options: { split: string }): ResolvedGames;
  /** The run's ONE gateway, shared by the agent and the engine's LLM policies. */
  createGateway(options: BenchModelSettings): LlmGateway;
  /** The run's embedder from an embedder spec. */
  createEmbedder(options: { spec: string }): Promise<Embedder>;
}

/** Games per generated split: `train` is the larger memory source, every other split an evaluation set. */
export const GENERATED_SPLIT_SIZES: Readonly<Record<string, number>> = {
  train: 240,
  valid_seen: 120,
  valid_unseen: 120,
  valid_train: 120,
};

/**
 * The project's generated stand-in for an ALFWorld split (no data needed): a fixed seed per split name, all six
 * task types in turn. The same split name always yields the same games.
 */
export function generatedSplit(options: { split: string }): ResolvedGames {
  const count = GENERATED_SPLIT_SIZES[options.split] ?? 120;
  return { dir: `generated:${options.split}`, games: generateAlfworldGames({ seed: `memp-${options.split}`, count }) };
}

/** The default dependencies: the ALFWorld simulator, expert replay, the offline agent, the ReAct agent, providers from specs. */
export const defaultAlfworldBenchDeps: AlfworldBenchDeps = {
  createEnvironment: ({ games, maxSteps, forAgent, observation, legacyPut }) =>
    // Only the offline agent in `admissible` mode reads admissible actions: skip computing them otherwise.
    createAlfworldEnvironment({
      games,
      maxSteps,
      admissibleActions: forAgent === 'offline' && observation === 'admissible',
      legacyPut: legacyPut ?? false,
    }),
  createAgent({ name, seed, gateway, observation }) {
    if (name === 'expert') return createExpertAgent();
    if (name === 'offline') return createOfflineAgent({ seed, useAdmissible: observation === 'admissible' });
    if (gateway === undefined) {
      throw new MempError('INVALID_ARGUMENT', 'the llm agent needs a language model (--model)', {
        details: { field: '--model' },
      });
    }
    return createReactAgent({ gateway });
  },
  generatedGames: ({ split }) => generatedSplit({ split }),
  createGateway: ({ spec, tokenBudget, concurrency, timeoutMs }) =>
    createLlmGatewayFromSpec({
      spec: parseModelSpec({ spec, field: '--model' }),
      ...(tokenBudget === undefined ? {} : { tokenBudget }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
  createEmbedder: ({ spec }) => createEmbedderFromSpec({ spec: parseEmbedderSpec({ spec, field: '--embedder' }) }),
};
