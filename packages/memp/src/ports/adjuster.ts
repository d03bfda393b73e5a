import type { Memory, MemoryContent } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';

/** A correction of one memory: the content fields to replace and why. */
export interface Adjustment {
  /** The content fields to replace (`script`, `steps`, `keywords`, …); fields left out are kept. */
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
  /**
   * The version of the Adjuster specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** `offline` or a model id. */
  readonly id: string;
  /**
   * The correction of `memory` after `trajectory` (an episode that used it and failed), or undefined when there is
   * nothing to correct. A model-backed adjuster that cannot answer usably throws `PROVIDER_OUTPUT_INVALID`.
   */
  adjust(input: { memory: Memory; trajectory: Trajectory }): Promise<Adjustment | undefined>;
}
