import { MempError } from 'memp';
import type { Step } from 'memp';
import type { Agent } from '../../ports/agent.js';
import type { Environment, EnvironmentReset } from '../../ports/environment.js';

/** Finds the expert action list of the episode that `env` is playing. */
export type WalkthroughLookup = (options: {
  env: Environment;
  start: EnvironmentReset;
}) => readonly string[] | undefined;

/** Options of {@link createExpertAgent}. */
export interface ExpertAgentOptions {
  /**
   * Where the walkthrough of the current game comes from. Default {@link walkthroughOfCurrentGame}: the
   * environment's `current()` game (the ALFWorld simulator environments expose it).
   */
  walkthrough?: WalkthroughLookup;
}

/** An environment that can say which game it is playing (`current()` returns it, with its walkthrough). */
interface GameAwareEnvironment {
  current(): { walkthrough?: readonly string[] } | undefined;
}

function isGameAware(env: Environment): env is Environment & GameAwareEnvironment {
  return typeof (env as Partial<GameAwareEnvironment>).current === 'function';
}

/**
 * The default walkthrough lookup: `env.current()?.walkthrough`, for environments that expose their current
 * game that way; undefined otherwise.
 */
export const walkthroughOfCurrentGame: WalkthroughLookup = ({ env }) =>
  isGameAware(env) ? env.current()?.walkthrough : undefined;

/**
 * Expert replay: plays the current game's walkthrough through the environment and returns the steps with the
 * real observations — golden trajectories for building memory offline. Stops at the goal, when the
 * environment ends the episode, or at `maxSteps`. Throws `INVALID_ARGUMENT` when no walkthrough can be found.
 */
export function createExpertAgent(options: ExpertAgentOptions = {}): Agent {
  const lookup = options.walkthrough ?? walkthroughOfCurrentGame;
  return {
    id: 'expert',
    async run({ env, start, maxSteps }) {
      const walkthrough = lookup({ env, start });
      if (walkthrough === undefined) {
        throw new MempError(
          'INVALID_ARGUMENT',
          `no walkthrough for the task "${start.task}": the environment does not expose its current game; pass a walkthrough lookup`,
          {
            details: { task: start.task },
          },
        );
      }
      const steps: Step[] = [];
      let success = false;
      let reward = 0;
      for (const action of walkthrough) {
        if (steps.length >= maxSteps) break;
        const result = await env.step(action);
        steps.push({ action, observation: result.observation });
        reward += result.reward;
        if (result.success) success = true;
        if (result.done || success) break;
      }
      return { task: start.task, steps, success, reward, tokens: { input: 0, output: 0 }, calls: 0 };
    },
  };
}
