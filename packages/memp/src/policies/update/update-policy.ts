import type { Memory } from '../../core/memory.js';
import type { Trajectory } from '../../core/trajectory.js';

/** Names of the paper's update policies. */
export const UPDATE_POLICY_NAMES = ['vanilla', 'validation', 'adjustment'] as const;
/** Name of an update policy. */
export type UpdatePolicyName = (typeof UPDATE_POLICY_NAMES)[number];

/** What the update policy decided for one finished episode. */
export interface UpdateDecision {
  /** Build a new memory from the trajectory. */
  add: boolean;
  /** Used memories to correct in place (Adjustment). */
  adjust: Memory[];
}

/**
 * U(M, E, τ): decides what a finished episode changes in memory. `used` are the memories that were retrieved
 * for the episode (still loaded, active or not). Deprecation is separate and applies under every policy.
 */
export interface UpdatePolicy {
  readonly name: string;
  decide(input: { trajectory: Trajectory; used: readonly Memory[] }): UpdateDecision;
}
