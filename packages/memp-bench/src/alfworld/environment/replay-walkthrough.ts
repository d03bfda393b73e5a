import type { AlfworldGame } from './alfworld-game.js';
import { AlfworldSimulator } from './alfworld-simulator.js';

/** Outcome of replaying a game's expert walkthrough. */
export interface WalkthroughReplay {
  /** The game was won exactly on the walkthrough's last action, every action admissible and valid. */
  won: boolean;
  /** Why it was not, when it was not. */
  failure?: string;
  /** Steps taken. */
  steps: number;
}

/**
 * Replays `game.walkthrough` in the simulator (the oracle check): each action must be admissible and valid,
 * and the goal must be reached on the last action. The step cap is raised to the walkthrough's length.
 */
export function replayWalkthrough(options: { game: AlfworldGame; checkAdmissible?: boolean }): WalkthroughReplay {
  const { game } = options;
  const checkAdmissible = options.checkAdmissible ?? true;
  const sim = new AlfworldSimulator({ game, maxSteps: Math.max(50, game.walkthrough.length) });
  const start = sim.reset();
  const fail = (failure: string): WalkthroughReplay => ({ won: false, failure, steps: sim.steps });
  if (!start.observation.startsWith('-= Welcome to TextWorld, ALFRED! =-\n\n')) return fail('bad intro');
  if (game.walkthrough.length === 0) return fail('empty walkthrough');
  for (const [i, action] of game.walkthrough.entries()) {
    if (checkAdmissible && !sim.admissibleActions().includes(action))
      return fail(`step ${i + 1} "${action}" is not admissible`);
    const r = sim.step(action);
    if (!r.valid) return fail(`step ${i + 1} "${action}": ${r.observation}`);
    if (r.success !== (i === game.walkthrough.length - 1))
      return fail(`step ${i + 1} "${action}": success=${r.success}`);
  }
  return { won: true, steps: sim.steps };
}
