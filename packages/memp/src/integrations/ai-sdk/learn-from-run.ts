import { MempError } from '../../core/errors.js';
import type { Memp } from '../../engine/create-memp.js';
import type { LearnResult } from '../../engine/learn-planner.js';
import { recallFromSteps } from './memp-recall.js';
import type { RunStep } from './run-step.js';
import { type TrajectoryFromStepsOptions, trajectoryFromSteps } from './trajectory-from-steps.js';

/** Options of {@link learnFromRun}. */
export interface LearnFromRunOptions extends Omit<TrajectoryFromStepsOptions, 'task' | 'result' | 'steps' | 'used'> {
  /** The engine to learn into. */
  memp: Pick<Memp, 'learn'>;
  /**
   * The run: a `generateText` result, or a `streamText` result (its `steps` promise is awaited). Or pass `steps`.
   */
  result?: { readonly steps: readonly RunStep[] | PromiseLike<readonly RunStep[]> };
  /** The run's steps, when not passing `result`. */
  steps?: readonly RunStep[];
  /** The task. Default: the task the memp middleware recalled for (from the steps' `providerMetadata.memp`). */
  task?: string;
  /**
   * Ids of the memories the run used. Default: those the memp middleware placed in the run's prompt (from the
   * steps' `providerMetadata.memp`), so a wrapped model needs no bookkeeping. Pass `[]` to record none.
   */
  used?: string[];
  /** Namespace to learn into. Default: the engine's. Use the middleware's namespace. */
  namespace?: string;
}

/**
 * Learns from one finished AI SDK run in one call: converts its steps ({@link trajectoryFromSteps}) and calls
 * `memp.learn` with the caller's success signal and the memories the run used. Under the default update policy
 * (Adjustment) a success becomes a new memory and the used memories' hit counts move, so failing ones are
 * corrected or deprecated. Throws `INVALID_ARGUMENT` when no task is given and the steps carry none.
 */
export async function learnFromRun(options: LearnFromRunOptions): Promise<LearnResult> {
  const { memp, result, namespace, used, task, ...rest } = options;
  const steps = options.steps ?? (result === undefined ? undefined : await result.steps);
  if (steps === undefined) {
    throw new MempError('INVALID_ARGUMENT', 'learnFromRun needs `result` or `steps`', { details: { field: 'result' } });
  }
  const recall = recallFromSteps(steps);
  const runTask = task ?? recall?.task;
  if (runTask === undefined) {
    throw new MempError(
      'INVALID_ARGUMENT',
      'learnFromRun needs `task`: the run carries no recall of the memp middleware',
      {
        details: { field: 'task' },
      },
    );
  }
  const trajectory = trajectoryFromSteps({ ...rest, task: runTask, steps });
  return memp.learn({
    trajectory,
    used: used ?? recall?.ids ?? [],
    ...(namespace === undefined ? {} : { namespace }),
  });
}
