import { MempError } from '../../core/errors.js';
import type { Step } from '../../core/step.js';
import { GENERIC_ACTION_GRAMMAR } from './action-grammar.js';
import type { ActionGrammar } from '../../ports/action-grammar.js';
import type { BuildPolicy, BuildPolicyName } from './build-policy.js';
import { distillExample, type WorkedExampleOptions } from './distill-example.js';
import { distillSteps } from './distill-steps.js';
import { offlineScriptFromSteps } from './offline-script-writer.js';
import type { ScriptWriter } from '../../ports/script-writer.js';

/** Options of {@link createBuildPolicy}. */
export interface CreateBuildPolicyOptions {
  name: BuildPolicyName;
  /** Writes the script (`script`, `proceduralization`). */
  writer: ScriptWriter;
  /** The environment's action grammar, for distilling the worked example. Default {@link GENERIC_ACTION_GRAMMAR}. */
  grammar?: ActionGrammar;
  /** Size cap of the worked example of `proceduralization` (defaults in {@link distillExample}). */
  example?: WorkedExampleOptions;
}

/**
 * Creates one of the paper's build policies:
 * - `trajectory`: the full step-by-step trajectory as concrete instructions;
 * - `script`: the abstract procedure written by `writer`;
 * - `proceduralization`: both — the script as guidance and a *distilled* worked example: the effective steps of the
 *   trajectory with shortened observations and no thoughts, within a size cap ({@link distillExample}). When the
 *   effective actions alone exceed the cap the memory keeps only its script.
 */
export function createBuildPolicy(options: CreateBuildPolicyOptions): BuildPolicy {
  const { name, writer } = options;
  const grammar = options.grammar ?? GENERIC_ACTION_GRAMMAR;
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
    case 'proceduralization': {
      // The offline writer distils with the same grammar as the example: distil once for both.
      const offline = offlineScriptFromSteps(writer);
      const shared = offline !== undefined && offline.grammar === grammar ? offline : undefined;
      return {
        name,
        async build({ trajectory }) {
          let distilled: Step[] | undefined;
          let script: string;
          if (shared === undefined) script = await writer.write({ trajectory });
          else {
            distilled = distillSteps(trajectory.steps, grammar, { task: trajectory.task });
            script = shared.script(distilled);
          }
          const steps = distillExample({
            steps: trajectory.steps,
            grammar,
            task: trajectory.task,
            ...(options.example === undefined ? {} : { limits: options.example }),
            ...(distilled === undefined ? {} : { distilled }),
          });
          return { kind: 'proceduralization', ...(steps === undefined ? {} : { steps }), script, builtBy: writer.id };
        },
      };
    }
    default:
      throw new MempError('INVALID_ARGUMENT', `unknown build policy "${String(name)}"`, {
        details: { field: 'build' },
      });
  }
}
