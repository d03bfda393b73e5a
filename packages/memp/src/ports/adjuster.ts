import type { Memory, MemoryContent } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';

/** A correction of one memory: the content fields to replace and why. */
export interface Adjustment {
  content: Partial<MemoryContent>;
  /** The analysis behind the correction, kept on the revision. */
  note: string;
}

/**
 * Corrects a memory that was used in an episode that went wrong (Adjustment). The offline adjuster and the
 * LLM one (a later adapter: analyse, then rewrite the workflow) implement it. Returns undefined when there is
 * nothing to correct.
 */
export interface Adjuster {
  /** `offline` or a model id. */
  readonly id: string;
  adjust(input: { memory: Memory; trajectory: Trajectory }): Promise<Adjustment | undefined>;
}
