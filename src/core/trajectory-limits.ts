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
  const bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  if (trajectory.steps.length > limits.maxSteps) fail('steps', trajectory.steps.length, limits.maxSteps, 'steps');
  const task = bytes(trajectory.task);
  if (task > limits.maxTaskBytes) fail('task', task, limits.maxTaskBytes, 'bytes');
  trajectory.steps.forEach((step, i) => {
    const action = bytes(step.action);
    if (action > limits.maxActionBytes) fail(`steps.${i}.action`, action, limits.maxActionBytes, 'bytes');
    const observation = bytes(step.observation);
    if (observation > limits.maxObservationBytes)
      fail(`steps.${i}.observation`, observation, limits.maxObservationBytes, 'bytes');
    const thought = bytes(step.thought);
    if (thought > limits.maxThoughtBytes) fail(`steps.${i}.thought`, thought, limits.maxThoughtBytes, 'bytes');
  });
}
