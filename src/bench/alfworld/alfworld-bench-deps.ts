import type { AlfworldGame } from '../../adapters/envs/alfworld/alfworld-game.js';
import { createAlfworldEnvironment } from '../../adapters/envs/alfworld/alfworld-environment.js';
import { generateAlfworldGames } from '../../adapters/envs/alfworld/generate-games.js';
import type { Agent } from '../../ports/agent.js';
import { createExpertAgent } from '../../adapters/agents/expert-agent.js';
import { createOfflineAgent } from '../../adapters/agents/offline-agent.js';
import type { Environment } from '../../ports/environment.js';
import type { BenchAgentName } from './bench-options.js';
import type { ResolvedGames } from './resolve-alfworld-games.js';

/** What the ALFWorld benchmark needs from the environment and agent adapters (injected for tests). */
export interface AlfworldBenchDeps {
  /** An environment whose `reset(gameId)` starts the game with that id. */
  createEnvironment(options: { games: readonly AlfworldGame[]; maxSteps: number; forAgent: BenchAgentName }): Environment;
  /** The agent `name`, seeded, for `games`. */
  createAgent(options: { name: BenchAgentName; seed: number; games: readonly AlfworldGame[] }): Agent;
  /** The project's generated games of `split` (used when no ALFWorld data directory is given). */
  generatedGames(options: { split: string }): ResolvedGames;
}

/** Games per generated split: `train` is the larger memory source, every other split an evaluation set. */
export const GENERATED_SPLIT_SIZES: Readonly<Record<string, number>> = { train: 240, valid_seen: 120, valid_unseen: 120, valid_train: 120 };

/**
 * The project's generated stand-in for an ALFWorld split (no data needed): a fixed seed per split name, all six
 * task types in turn. The same split name always yields the same games.
 */
export function generatedSplit(options: { split: string }): ResolvedGames {
  const count = GENERATED_SPLIT_SIZES[options.split] ?? 120;
  return { dir: `generated:${options.split}`, games: generateAlfworldGames({ seed: `memp-${options.split}`, count }) };
}

/** The default dependencies: the ALFWorld simulator, expert replay and the offline agent. */
export const defaultAlfworldBenchDeps: AlfworldBenchDeps = {
  createEnvironment: ({ games, maxSteps, forAgent }) =>
    // Expert replay reads no admissible actions: skip computing them.
    createAlfworldEnvironment({ games, maxSteps, admissibleActions: forAgent !== 'expert' }),
  createAgent({ name, seed }) {
    return name === 'expert' ? createExpertAgent() : createOfflineAgent({ seed });
  },
  generatedGames: ({ split }) => generatedSplit({ split }),
};
