import type { Memory, MemoryContent } from '../core/memory.js';

/**
 * Writes the canonical procedure of a cluster of memories that say the same thing (`memp consolidate`). The
 * offline consolidation needs none (the survivor's procedure, the shortest, is kept); the LLM merger asks a model
 * for one procedure covering the cluster. Returns the content fields of the survivor to replace, or undefined to
 * keep it as it is. A merger that cannot produce a usable answer throws (`PROVIDER_OUTPUT_INVALID`), and the
 * consolidation then changes nothing.
 */
export interface Merger {
  /**
   * The version of the Merger specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** `offline` or a model id. */
  readonly id: string;
  /**
   * The canonical procedure of `survivor` and the memories it `absorbed` (all saying the same thing): the content
   * fields of the survivor to replace and a note kept on the revision, or undefined to keep the survivor as it is.
   */
  merge(input: {
    survivor: Memory;
    absorbed: readonly Memory[];
  }): Promise<{ content: Partial<MemoryContent>; note: string } | undefined>;
}
