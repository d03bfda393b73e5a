import type { Trajectory } from '../core/trajectory.js';

/**
 * Writes the abstract procedure (the `script`) of a trajectory: the critical steps that would solve similar
 * tasks. The offline distiller and the LLM (a later adapter) both implement it.
 */
export interface ScriptWriter {
  /** Recorded as `provenance.builtBy`: a model id, or `offline`. */
  readonly id: string;
  /** Returns the script text. */
  write(input: { trajectory: Trajectory }): Promise<string>;
}
