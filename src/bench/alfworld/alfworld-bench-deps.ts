import type { AlfworldGame } from '../../adapters/envs/alfworld/alfworld-game.js';
import { AlfworldSimulator } from '../../adapters/envs/alfworld/alfworld-simulator.js';
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
  createEnvironment(options: { games: readonly AlfworldGame[]; maxSteps: number }): Environment;
  /** The agent `name`, seeded, for `games`. */
  createAgent(options: { name: BenchAgentName; seed: number; games: readonly AlfworldGame[] }): Agent;
  /** The project's generated games of `split` (used when no ALFWorld data directory is given). */
  generatedGames(options: { split: string }): ResolvedGames;
}

interface SimEnvironment extends Environment {
  current(): AlfworldGame | undefined;
}

function createSimEnvironment(options: { games: readonly AlfworldGame[]; maxSteps: number }): SimEnvironment {
  const byId = new Map(options.games.map((g) => [g.id, g]));
  let sim: AlfworldSimulator | undefined;
  return {
    name: 'alfworld',
    current: () => sim?.game,
    async reset(taskId) {
      const game = byId.get(taskId);
      if (!game) throw new MempError('NOT_FOUND', `no ALFWorld game "${taskId}"`, { details: { id: taskId } });
      sim = new AlfworldSimulator({ game, maxSteps: options.maxSteps });
      const start = sim.reset();
      return { ...start, admissibleActions: sim.admissibleActions() };
    },
    async step(action) {
      if (!sim) throw new MempError('INVALID_ARGUMENT', 'step before reset');
      const r = sim.step(action);
      return { observation: r.observation, done: r.done, success: r.success, reward: r.reward, admissibleActions: sim.admissibleActions() };
    },
  };
}

/** The default dependencies: the ALFWorld simulator, expert replay and the offline agent. */
export const defaultAlfworldBenchDeps: AlfworldBenchDeps = {
  createEnvironment: createSimEnvironment,
  createAgent({ name, seed }) {
    return name === 'expert' ? createExpertAgent() : createOfflineAgent({ seed });
  },
  generatedGames() {
    throw new MempError('INVALID_ARGUMENT', 'generated games are not wired yet: pass --data or set ALFWORLD_DATA');
  },
};
