/** What an environment shows at the start of an episode. */
export interface EnvironmentReset {
  /** The task sentence, e.g. `put a clean apple in fridge`. */
  task: string;
  /** The first observation (intro and room description). */
  observation: string;
  /** Actions valid in the current state, when the environment can list them. */
  admissibleActions?: string[];
}

/** What an environment answers to one action. */
export interface EnvironmentStep {
  observation: string;
  /** The episode is over (goal reached or step cap hit). */
  done: boolean;
  /** The goal is reached. */
  success: boolean;
  /** Reward for this step (1 when the goal is reached, else 0, unless the environment says otherwise). */
  reward: number;
  admissibleActions?: string[];
}

/** A task environment an agent acts in (ALFWorld, TravelPlanner, …). */
export interface Environment {
  /** Short name recorded on trajectories, e.g. `alfworld`. */
  readonly name: string;
  /** Starts the episode of task `taskId`. */
  reset(taskId: string): Promise<EnvironmentReset>;
  /** Performs one action in the current episode. */
  step(action: string): Promise<EnvironmentStep>;
}
