import { MempError } from '../../core/errors.js';
import type { BuildPolicy, BuildPolicyName } from './build-policy.js';
import type { ScriptWriter } from './script-writer.js';

/**
 * Creates one of the paper's build policies:
 * - `trajectory`: the full step-by-step trajectory as concrete instructions;
 * - `script`: the abstract procedure written by `writer`;
 * - `proceduralization`: both — the trajectory as a worked example and the script as guidance.
 */
export function createBuildPolicy(options: { name: BuildPolicyName; writer: ScriptWriter }): BuildPolicy {
  const { name, writer } = options;
  switch (name) {
    case 'trajectory':
      return {
        name,
        async build({ trajectory }) {
          return { kind: 'trajectory', steps: trajectory.steps, builtBy: trajectory.model ?? 'offline' };
        },
      };
    case 'script':
      return {
        name,
        async build({ trajectory }) {
          return { kind: 'script', script: await writer.write({ trajectory }), builtBy: writer.id };
        },
      };
    case 'proceduralization':
      return {
        name,
        async build({ trajectory }) {
          const script = await writer.write({ trajectory });
          return { kind: 'proceduralization', steps: trajectory.steps, script, builtBy: writer.id };
        },
      };
    default:
      throw new MempError('INVALID_ARGUMENT', `unknown build policy "${String(name)}"`, { details: { field: 'build' } });
  }
}
