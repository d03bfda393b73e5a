import type { Memory } from '../../core/memory.js';
import type { Trajectory } from '../../core/trajectory.js';

/**
 * Names of the update policies: the paper's three (`vanilla`, `validation`, `adjustment`) and `evidence`, which
 * keeps what failures show to be true as lessons beside the procedures instead of building procedures from them.
 */
export const UPDATE_POLICY_NAMES = ['vanilla', 'validation', 'adjustment', 'evidence'] as const;
/** Name of an update policy. */
export type UpdatePolicyName = (typeof UPDATE_POLICY_NAMES)[number];

/** What the update policy decided for one finished episode. */
export interface UpdateDecision {
  /** Build a new memory from the trajectory. */
  add: boolean;
  /** Used memories to correct in place (Adjustment). */
  adjust: Memory[];
  /**
   * Distil the trajectory into a `lesson` memory of its own (what it showed to be true), with provenance to the
   * trajectory; never written into another memory's procedure. Default false.
   */
  lesson?: boolean;
}

/**
 * U(M, E, τ): decides what a finished episode changes in memory. `used` are the memories that were retrieved
 * for the episode (still loaded, active or not). Deprecation is separate and applies under every policy.
 */
export interface UpdatePolicy {
  readonly name: string;
  decide(input: { trajectory: Trajectory; used: readonly Memory[] }): UpdateDecision;
}
