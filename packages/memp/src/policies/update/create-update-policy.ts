import { MempError } from '../../core/errors.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { GENERIC_ACTION_GRAMMAR, isFailedObservation } from '../build/action-grammar.js';
import { undonePairs } from '../build/relevant-steps.js';
import type { UpdatePolicy, UpdatePolicyName } from './update-policy.js';

/**
 * Creates one of the paper's update policies:
 * - `vanilla`: add a memory for every trajectory, success or not;
 * - `validation`: add only successful trajectories;
 * - `adjustment`: add successes; correct the used memories when the episode failed, or when it succeeded only
 *   after recovering — from failed actions, or from a put that was not enough and was taken back (so the memory
 *   learns the recovered path);
 * - `evidence`: add successes as procedures; distil every failure into a `lesson` of its own (what it showed to be
 *   true: sub-goals reached, refusals, where things were, and what a success of the same family did differently),
 *   served beside the procedures; no memory is rewritten in place.
 */
export function createUpdatePolicy(options: { name: UpdatePolicyName; grammar?: ActionGrammar }): UpdatePolicy {
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  switch (options.name) {
    case 'vanilla':
      return { name: 'vanilla', decide: () => ({ add: true, adjust: [] }) };
    case 'validation':
      return { name: 'validation', decide: ({ trajectory }) => ({ add: trajectory.outcome.success, adjust: [] }) };
    case 'adjustment':
      return {
        name: 'adjustment',
        decide({ trajectory, used }) {
          const accepted = trajectory.steps.filter((s) => !isFailedObservation(s.observation, grammar));
          const recovered =
            trajectory.outcome.success &&
            (accepted.length < trajectory.steps.length || undonePairs(accepted, grammar).length > 0);
          const adjust = !trajectory.outcome.success || recovered ? used.filter((m) => m.status === 'active') : [];
          return { add: trajectory.outcome.success, adjust };
        },
      };
    case 'evidence':
      return {
        name: 'evidence',
        decide: ({ trajectory }) => ({
          add: trajectory.outcome.success,
          adjust: [],
          lesson: !trajectory.outcome.success,
        }),
      };
    default:
      throw new MempError('INVALID_ARGUMENT', `unknown update policy "${String(options.name)}"`, {
        details: { field: 'update' },
      });
  }
}
