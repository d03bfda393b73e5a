import type { MemoryKind } from '../../core/memory.js';
import type { Step } from '../../core/step.js';
import type { Trajectory } from '../../core/trajectory.js';

/** Names of the paper's build policies. */
export const BUILD_POLICY_NAMES = ['trajectory', 'script', 'proceduralization'] as const;
/** Name of a build policy. */
export type BuildPolicyName = (typeof BUILD_POLICY_NAMES)[number];

/** The procedure a build policy distilled from one trajectory. */
export interface BuiltProcedure {
  kind: MemoryKind;
  steps?: Step[];
  script?: string;
  /** Model id or `offline`. */
  builtBy: string;
}

/** B(τ, r): turns a finished trajectory into the content of a new memory. */
export interface BuildPolicy {
  readonly name: string;
  build(input: { trajectory: Trajectory }): Promise<BuiltProcedure>;
}
