import type { Step } from 'memp';
import type { EpisodeResult } from '../../ports/agent.js';
import type { Environment, EnvironmentReset } from '../../ports/environment.js';
import { AlfworldBelief } from './alfworld-belief.js';
import { abstractAction } from 'memp/internal';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { isNothingHappens } from './alfworld-observation.js';

/**
 * One episode in progress: sends actions to the environment within the step cap, records the steps, keeps the
 * agent's belief up to date and remembers whether the goal was reached.
 */
export class EpisodeActor {
  readonly steps: Step[] = [];
  readonly belief: AlfworldBelief;
  success = false;
  reward = 0;
  /** The environment said the episode is over. */
  ended = false;
  /** Admissible actions of the current state, when the environment lists them. */
  admissible: string[] | undefined;
  /** Abstract actions (`clean the mug with the bathtubbasin`) a memory warns failed before: tried last. */
  cautions: ReadonlySet<string> = new Set();

  readonly start: EnvironmentReset;
  readonly maxSteps: number;
  private readonly env: Environment;
  private readonly useAdmissible: boolean;

  constructor(options: {
    env: Environment;
    start: EnvironmentReset;
    maxSteps: number;
    /** Read the environment's admissible actions. Default true. */
    useAdmissible?: boolean;
  }) {
    this.env = options.env;
    this.start = options.start;
    this.maxSteps = options.maxSteps;
    this.useAdmissible = options.useAdmissible ?? true;
    this.belief = new AlfworldBelief(options.start.observation);
    this.admissible = this.useAdmissible ? options.start.admissibleActions : undefined;
  }

  /** No more actions can be taken: goal reached, episode ended, or step cap hit. */
  get over(): boolean {
    return this.success || this.ended || this.steps.length >= this.maxSteps;
  }

  /** Steps left before the cap. */
  get remaining(): number {
    return Math.max(0, this.maxSteps - this.steps.length);
  }

  /**
   * Performs `action` (lower-cased, trimmed). Returns true when the environment accepted it (anything but
   * `Nothing happens.`), false when it failed or the episode is over.
   */
  async act(action: string, thought?: string): Promise<boolean> {
    if (this.over) return false;
    const command = action.trim().toLowerCase().replace(/\s+/g, ' ');
    const result = await this.env.step(command);
    const step: Step = { action: command, observation: result.observation };
    if (thought !== undefined) step.thought = thought;
    this.steps.push(step);
    this.belief.observe(command, result.observation);
    this.admissible = this.useAdmissible ? result.admissibleActions : undefined;
    this.reward += result.reward;
    if (result.success) this.success = true;
    if (result.done) this.ended = true;
    return !isNothingHappens(result.observation);
  }

  /** True when `action` is known to be impossible now: not admissible (when listed), or it just failed. */
  impossible(action: string): boolean {
    if (this.belief.failed.has(action)) return true;
    return this.admissible !== undefined && this.admissible.length > 0 && !this.admissible.includes(action);
  }

  /** True when a memory's caution names `action` (compared in abstract form: `the mug`, `the countertop`). */
  cautioned(action: string): boolean {
    return this.cautions.size > 0 && this.cautions.has(abstractAction(action, ALFWORLD_ACTION_GRAMMAR).toLowerCase());
  }

  /** `items` with those whose action `toAction(item)` is cautioned moved to the end (order kept otherwise). */
  cautionedLast<T>(items: readonly T[], toAction: (item: T) => string): T[] {
    return [...items.filter((i) => !this.cautioned(toAction(i))), ...items.filter((i) => this.cautioned(toAction(i)))];
  }

  /** The episode's result in the shape of the `Agent` port (offline: no tokens, no calls). */
  result(): EpisodeResult {
    return {
      task: this.start.task,
      steps: this.steps,
      success: this.success,
      reward: this.reward,
      tokens: { input: 0, output: 0 },
      calls: 0,
    };
  }
}
