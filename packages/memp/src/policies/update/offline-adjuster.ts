import type { Memory, MemoryContent } from '../../core/memory.js';
import type { Step } from '../../core/step.js';
import type { Trajectory } from '../../core/trajectory.js';
import { abstractAction } from '../build/abstract-action.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import { GENERIC_ACTION_GRAMMAR, isFailedObservation } from '../build/action-grammar.js';
import { distillExample, type WorkedExampleOptions } from '../build/distill-example.js';
import { undonePairs } from '../build/relevant-steps.js';
import type { ScriptWriter } from '../../ports/script-writer.js';
import type { Adjuster } from '../../ports/adjuster.js';
import { nameMapping, renameWords } from './task-phrasing.js';

/** The shape of a failure recorded on a memory's `meta.failures`. */
export interface RecordedFailure {
  trajectory: string;
  /** The step that failed, in the memory's names; absent when no step can be blamed (the episode only ran out of steps). */
  action?: string;
  observation?: string;
  /** `failed`: the environment refused the action; `not-enough`: the put was done and the task still not finished; `unfinished`: no step to blame. */
  kind: 'failed' | 'not-enough' | 'unfinished';
}

/**
 * The offline Adjustment.
 * - Success after recovering (failed actions, or a put that was not enough and taken back): when the memory's
 *   task is phrased like the episode's, its procedure is replaced by the recovered one (script re-distilled,
 *   worked example replaced by the distilled recovered path, {@link distillExample}). A memory of a differently phrased task is left alone — the success becomes its own
 *   memory; overwriting would file a procedure under a task it does not describe.
 * - Failure, for a memory phrased like the episode's task (it claimed to solve this kind of task and did not):
 *   the real failing step, renamed into the memory's names, is recorded (`meta.failures`) and, for memories with
 *   a script, added as a `Caution:` line the agent reads. The line quotes the action only, never the observation: an
 *   observation is whatever the environment (or whoever reports the episode) wrote, and it must not become text of
 *   another memory's procedure. A memory of a differently phrased task is left alone:
 *   that its procedure was not enough for another kind of task says nothing against it. The real failing step is the first put that did not finish the task (put,
 *   then taken back), else the first action the environment refused; when neither exists the episode only ran out
 *   of steps, which is recorded without blaming a step (never the cap's last step).
 */
export function createOfflineAdjuster(options: {
  writer: ScriptWriter;
  grammar?: ActionGrammar;
  /** Size cap of a replaced worked example (defaults in {@link distillExample}). */
  example?: WorkedExampleOptions;
}): Adjuster {
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
  return {
    specificationVersion: 'v1',
    id: 'offline',
    async adjust({ memory, trajectory }) {
      const texts = [
        ...trajectory.steps.map((s) => s.action),
        ...(memory.steps ?? []).map((s) => s.action),
        memory.script ?? '',
      ];
      const toMemory = nameMapping(trajectory.task, memory.task, texts);
      if (toMemory === undefined) return undefined;
      if (trajectory.outcome.success) {
        const content: Partial<MemoryContent> = {};
        if (memory.script !== undefined) content.script = await options.writer.write({ trajectory });
        if (memory.steps !== undefined) {
          const steps = distillExample({
            steps: trajectory.steps,
            grammar,
            task: trajectory.task,
            ...(options.example === undefined ? {} : { limits: options.example }),
          });
          content.steps = steps ?? [];
        }
        return { content, note: `replaced the procedure with the recovered path of trajectory ${trajectory.id}` };
      }
      const found = realFailure(trajectory, grammar);
      const failure = found.action === undefined ? found : { ...found, action: renameWords(found.action, toMemory) };
      const previous = Array.isArray(memory.meta?.failures) ? (memory.meta.failures as unknown[]) : [];
      const content: Partial<MemoryContent> = { meta: { ...memory.meta, failures: [...previous, failure] } };
      const caution = cautionLine(failure, trajectory, grammar);
      if (memory.script !== undefined && !memory.script.includes(caution))
        content.script = `${memory.script}\n${caution}`;
      return {
        content,
        note: `episode ${trajectory.id} failed${failure.action === undefined ? ' (ran out of steps)' : ` at "${failure.action}"`}`,
      };
    },
  };
}

/** The step to blame for a failed episode (see {@link createOfflineAdjuster}). */
export function realFailure(trajectory: Pick<Trajectory, 'id' | 'steps'>, grammar: ActionGrammar): RecordedFailure {
  const accepted = trajectory.steps.filter((s) => !isFailedObservation(s.observation, grammar));
  const vain = undonePairs(accepted, grammar).find(
    ([i]) => grammar.put?.test((accepted[i] as Step).action.trim()) === true,
  );
  if (vain !== undefined) {
    const step = accepted[vain[0]] as Step;
    return { trajectory: trajectory.id, action: step.action, observation: step.observation ?? '', kind: 'not-enough' };
  }
  const refused = trajectory.steps.find((s) => isFailedObservation(s.observation, grammar));
  if (refused !== undefined)
    return {
      trajectory: trajectory.id,
      action: refused.action,
      observation: refused.observation ?? '',
      kind: 'failed',
    };
  return { trajectory: trajectory.id, kind: 'unfinished' };
}

function cautionLine(
  failure: RecordedFailure,
  trajectory: Pick<Trajectory, 'outcome'>,
  grammar: ActionGrammar,
): string {
  if (failure.action === undefined) {
    return `Caution: a past attempt following this procedure did not reach the goal within ${trajectory.outcome.steps} steps.`;
  }
  const action = abstractAction(failure.action, grammar);
  return failure.kind === 'not-enough'
    ? `Caution: "${action}" did not finish the task in a past attempt; something may be missing before it.`
    : `Caution: "${action}" failed in a past attempt.`;
}

/** The failures recorded on a memory (`meta.failures`), tolerant of foreign shapes. */
export function recordedFailures(memory: Pick<Memory, 'meta'>): RecordedFailure[] {
  const raw = memory.meta?.failures;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (f): f is RecordedFailure =>
      typeof f === 'object' && f !== null && typeof (f as { trajectory?: unknown }).trajectory === 'string',
  );
}
