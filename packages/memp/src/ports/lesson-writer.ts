import type { Lesson } from '../core/lesson.js';
import type { Trajectory } from '../core/trajectory.js';

/**
 * Distils what a finished episode showed to be true into a {@link Lesson} (the `evidence` update policy stores it
 * as a `lesson` memory). The offline writer reads the trajectory alone, with the environment's action grammar; the
 * LLM writer asks a model with a prompt.
 */
export interface LessonWriter {
  /**
   * The version of the LessonWriter specification this implementation follows. memp checks it where the port is
   * handed over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass
   * silently.
   */
  readonly specificationVersion: 'v1';
  /** Recorded as `provenance.builtBy`: a model id, or `offline`. */
  readonly id: string;
  /**
   * The lesson of `trajectory`. `success`, when given, is a successful trajectory of the same task family: the
   * lesson then says what it did that `trajectory` never reached (`contrast`). A model-backed writer that cannot
   * answer usably throws `PROVIDER_OUTPUT_INVALID`.
   */
  write(input: { trajectory: Trajectory; success?: Trajectory }): Promise<Lesson>;
}
