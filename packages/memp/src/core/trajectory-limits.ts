import { MempError } from './errors.js';
import type { Trajectory } from './trajectory.js';

/** Size limits of one submitted trajectory. Text sizes are UTF-8 bytes. */
export interface TrajectoryLimits {
  /** Most steps. Default 2 000. */
  maxSteps: number;
  /** Longest task. Default 8 KiB. */
  maxTaskBytes: number;
  /** Longest action of a step. Default 64 KiB. */
  maxActionBytes: number;
  /** Longest observation of a step. Default 256 KiB. */
  maxObservationBytes: number;
  /** Longest thought of a step. Default 64 KiB. */
  maxThoughtBytes: number;
}

/** The default {@link TrajectoryLimits}: generous for agents, small enough that one episode cannot flood a prompt. */
export const DEFAULT_TRAJECTORY_LIMITS: TrajectoryLimits = {
  maxSteps: 2_000,
  maxTaskBytes: 8 * 1024,
  maxActionBytes: 64 * 1024,
  maxObservationBytes: 256 * 1024,
  maxThoughtBytes: 64 * 1024,
};

/**
 * Resolves user-given limits over the defaults; each must be a positive integer (`INVALID_ARGUMENT` naming it).
 */
export function resolveTrajectoryLimits(limits: Partial<TrajectoryLimits> | undefined): TrajectoryLimits {
  const resolved = { ...DEFAULT_TRAJECTORY_LIMITS, ...(limits ?? {}) };
  for (const [field, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new MempError('INVALID_ARGUMENT', `limits.${field} must be a positive integer`, {
        details: { field: `limits.${field}` },
      });
    }
  }
  return resolved;
}

/**
 * Fails with `PAYLOAD_TOO_LARGE` when `trajectory` exceeds `limits`, naming the field (`steps.3.observation`),
 * its size and the limit; `where` prefixes the message (e.g. a file line).
 */
export function checkTrajectoryLimits(options: {
  trajectory: Pick<Trajectory, 'task' | 'steps'>;
  limits: TrajectoryLimits;
  where?: string;
}): void {
  const { trajectory, limits } = options;
  const prefix = options.where ? `${options.where}: ` : '';
  const fail = (field: string, size: number, max: number, unit: string): never => {
    throw new MempError('PAYLOAD_TOO_LARGE', `${prefix}field "${field}" has ${size} ${unit}, the limit is ${max}`, {
      details: { field, size, max, ...(options.where ? { where: options.where } : {}) },
    });
  };
  // A UTF-16 code unit takes at most 3 UTF-8 bytes: text of at most max / 3 units fits without counting its bytes.
  const check = (text: string | undefined, field: string, max: number): void => {
    if (text === undefined || text.length * 3 <= max) return;
    const size = Buffer.byteLength(text, 'utf8');
    if (size > max) fail(field, size, max, 'bytes');
  };
  if (trajectory.steps.length > limits.maxSteps) fail('steps', trajectory.steps.length, limits.maxSteps, 'steps');
  check(trajectory.task, 'task', limits.maxTaskBytes);
  trajectory.steps.forEach((step, i) => {
    check(step.action, `steps.${i}.action`, limits.maxActionBytes);
    check(step.observation, `steps.${i}.observation`, limits.maxObservationBytes);
    check(step.thought, `steps.${i}.thought`, limits.maxThoughtBytes);
  });
}
