import type { AlfworldGame } from '../../adapters/envs/alfworld/alfworld-game.js';
import { createAlfworldEnvironment } from '../../adapters/envs/alfworld/alfworld-environment.js';
import { MempError } from '../../core/errors.js';
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

/** The default dependencies: the ALFWorld simulator, expert replay and the offline agent. */
export const defaultAlfworldBenchDeps: AlfworldBenchDeps = {
  createEnvironment: ({ games, maxSteps, forAgent }) =>
    // Expert replay reads no admissible actions: skip computing them.
    createAlfworldEnvironment({ games, maxSteps, admissibleActions: forAgent !== 'expert' }),
  createAgent({ name, seed }) {
    return name === 'expert' ? createExpertAgent() : createOfflineAgent({ seed });
  },
  generatedGames() {
    throw new MempError('INVALID_ARGUMENT', 'generated games are not wired yet: pass --data or set ALFWORLD_DATA');
  },
};
