import type { z } from 'zod';
import { MempError } from '../core/errors.js';
import type { IdGenerator } from '../core/ids.js';
import { checkUsedIds } from './check-request.js';
import { type Trajectory, type TrajectoryInput, TrajectoryInputSchema } from '../core/trajectory.js';
import { checkTrajectoryLimits } from '../core/check-input-limits.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../core/input-limits.js';

/** Formats the first zod issue as `field: message`, the field as a dotted path. */
export function describeZodIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return { field, message: issue?.message ?? 'invalid value' };
}

/**
 * Validates a user-submitted trajectory and completes it: a generated id when none is given, the namespace,
 * and `outcome.steps` defaulting to the number of steps. Invalid input → `INVALID_ARGUMENT` naming the field;
 * a trajectory over the size limits → `PAYLOAD_TOO_LARGE` naming the field.
 */
export function normalizeTrajectory(options: {
  input: unknown;
  namespace: string;
  ids: IdGenerator;
  /** Prefix for error messages, e.g. `trajectories.jsonl line 3`. */
  where?: string;
  /** Size limits; over them `PAYLOAD_TOO_LARGE`. Default {@link DEFAULT_INPUT_LIMITS}. */
  limits?: InputLimits;
}): { trajectory: Trajectory; used: string[] } {
  const parsed = TrajectoryInputSchema.safeParse(options.input);
  if (!parsed.success) {
    const { field, message } = describeZodIssue(parsed.error);
    const where = options.where ? `${options.where}: ` : '';
    throw new MempError('INVALID_ARGUMENT', `${where}invalid trajectory: field "${field}": ${message}`, {
      details: { field, ...(options.where ? { where: options.where } : {}) },
    });
  }
  const input: TrajectoryInput = parsed.data;
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  checkTrajectoryLimits({ trajectory: input, limits, ...(options.where ? { where: options.where } : {}) });
  checkUsedIds(input.used, options.where, limits);
  const trajectory: Trajectory = {
    id: input.id ?? options.ids.next('traj'),
    namespace: input.namespace ?? options.namespace,
    task: input.task,
    steps: input.steps,
    outcome: {
      success: input.outcome.success,
      ...(input.outcome.reward === undefined ? {} : { reward: input.outcome.reward }),
      steps: input.outcome.steps ?? input.steps.length,
    },
    ...(input.model === undefined ? {} : { model: input.model }),
    ...(input.env === undefined ? {} : { env: input.env }),
    ...(input.meta === undefined ? {} : { meta: input.meta }),
  };
  return { trajectory, used: input.used ?? [] };
}
