import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { InputLimits } from '../core/input-limits.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { DeprecationRule } from '../policies/update/deprecation-rule.js';

/** What the operations on stored memories (edit, status changes, delete, outcomes) work with. */
export interface MemoryOperationDeps {
  store: MemoryStore;
  /** Re-embeds an edited task or keyword list. */
  embedder: Embedder;
  clock: Clock;
  /** Ids of the evidence records the operations append. */
  ids: IdGenerator;
  /** Size limits of an edit's content and of notes (`PAYLOAD_TOO_LARGE`). */
  limits: InputLimits;
  /** Applied after a reported outcome; `false` never deprecates. */
  deprecation: DeprecationRule | false;
  /** Resolves and validates a namespace (the engine's default when undefined). */
  namespace: (namespace: string | undefined) => string;
}
