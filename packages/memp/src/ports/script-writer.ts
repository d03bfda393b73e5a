import type { Trajectory } from '../core/trajectory.js';

/**
 * Writes the abstract procedure (the `script`) of a trajectory: the critical steps that would solve similar
 * tasks. The offline distiller and the LLM (a later adapter) both implement it.
 */
export interface ScriptWriter {
  /**
   * The version of the ScriptWriter specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** Recorded as `provenance.builtBy`: a model id, or `offline`. */
  readonly id: string;
  /** Returns the script text. */
  write(input: { trajectory: Trajectory }): Promise<string>;
}
