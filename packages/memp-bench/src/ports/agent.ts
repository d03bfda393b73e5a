import type { Retrieved, Step } from 'memp';
import type { Environment, EnvironmentReset } from './environment.js';

/** What an agent reports for one episode. */
export interface EpisodeResult {
  task: string;
  steps: Step[];
  success: boolean;
  reward: number;
  /** Token usage of the episode (0 for offline agents). */
  tokens: { input: number; output: number };
  /** Model calls made during the episode. */
  calls: number;
}

/** Solves one task in an environment, optionally guided by retrieved memories. */
export interface Agent {
  /** Model id or `offline`, recorded as `Trajectory.model`. */
  readonly id: string;
  /**
   * Runs one episode in `env`, which the caller has already reset (`start` is what the reset returned,
   * so the caller could retrieve memories for its task first). At most `maxSteps` actions.
   */
  run(options: {
    env: Environment;
    start: EnvironmentReset;
    memories: Retrieved[];
    maxSteps: number;
  }): Promise<EpisodeResult>;
}
