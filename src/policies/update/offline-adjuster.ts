import type { MemoryContent } from '../../core/memory.js';
import { abstractAction } from '../build/abstract-action.js';
import { ALFWORLD_ACTION_GRAMMAR, type ActionGrammar, isFailedObservation } from '../build/action-grammar.js';
import type { ScriptWriter } from '../build/script-writer.js';
import type { Adjuster } from './adjuster.js';

/** The shape of a failure recorded on a memory's `meta.failures`. */
export interface RecordedFailure {
  trajectory: string;
  action: string;
  observation: string;
}

/**
 * The offline Adjustment. When the episode succeeded after recovering from failed actions, the memory's
 * procedure is replaced by the recovered one (its script re-distilled, its worked example replaced by the new
 * trajectory). When the episode failed, the first failing step is recorded on the memory (`meta.failures`)
 * and, for memories with a script, added to it as a caution line.
 */
export function createOfflineAdjuster(options: { writer: ScriptWriter; grammar?: ActionGrammar }): Adjuster {
  const grammar = options.grammar ?? ALFWORLD_ACTION_GRAMMAR;
  return {
    id: 'offline',
    async adjust({ memory, trajectory }) {
      if (trajectory.outcome.success) {
        const content: Partial<MemoryContent> = {};
        if (memory.script !== undefined) content.script = await options.writer.write({ trajectory });
        if (memory.steps !== undefined) content.steps = trajectory.steps;
        return { content, note: `replaced the procedure with the recovered path of trajectory ${trajectory.id}` };
      }
      const failing = trajectory.steps.find((s) => isFailedObservation(s.observation, grammar));
      const last = trajectory.steps[trajectory.steps.length - 1];
      const culprit = failing ?? last;
      if (!culprit) return undefined;
      const observation = culprit.observation ?? '';
      const failure: RecordedFailure = { trajectory: trajectory.id, action: culprit.action, observation };
      const previous = Array.isArray(memory.meta?.failures) ? (memory.meta.failures as unknown[]) : [];
      const content: Partial<MemoryContent> = { meta: { ...memory.meta, failures: [...previous, failure] } };
      const caution = failing
        ? `Caution: "${abstractAction(culprit.action)}" failed in a past attempt (${observation.trim()}).`
        : `Caution: a past attempt following this procedure did not reach the goal within ${trajectory.outcome.steps} steps.`;
      if (memory.script !== undefined && !memory.script.includes(caution)) {
        content.script = `${memory.script}\n${caution}`;
      }
      return { content, note: `episode ${trajectory.id} failed at "${culprit.action}"` };
    },
  };
}
