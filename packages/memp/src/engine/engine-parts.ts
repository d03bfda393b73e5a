import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { Embedder } from '../ports/embedder.js';
import type { LlmGateway } from '../ports/llm-gateway.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { BuildPolicy } from '../policies/build/build-policy.js';
import type { KeywordExtractor } from '../ports/keyword-extractor.js';
import type { RetrievePolicy } from '../policies/retrieve/retrieve-policy.js';
import type { Adjuster } from '../ports/adjuster.js';
import type { LessonWriter } from '../ports/lesson-writer.js';
import type { DeprecationRule } from '../policies/update/deprecation-rule.js';
import type { Merger } from '../ports/merger.js';
import type { UpdatePolicy } from '../policies/update/update-policy.js';

/**
 * The collaborators of an engine, every one chosen: ports (store, embedder, model gateway, clock, ids) and policies.
 * The engine picks no default adapter; an entry point composes these (`createMemp` in `src/composition/`).
 */
export interface EngineParts {
  /** Where memories live; `close()` closes it. */
  store: MemoryStore;
  /** Embeds tasks and keywords; its id tags every vector. */
  embedder: Embedder;
  /** The gateway of the engine's language model, exposed as `memp.gateway` for sharing a budget; undefined offline. */
  gateway: LlmGateway | undefined;
  /** Timestamps of every change. */
  clock: Clock;
  /** Ids of new memories and trajectories. */
  ids: IdGenerator;
  /** Extracts keywords of tasks (memory tagging and AveFact retrieval). */
  keywords: KeywordExtractor;
  /** The retrieval policy used when a call names none. */
  retrieve: RetrievePolicy;
  /** Builds a memory from a trajectory. */
  build: BuildPolicy;
  /** Decides what an episode adds and which used memories it corrects. */
  update: UpdatePolicy;
  /** Corrects used memories under `adjustment`. */
  adjuster: Adjuster;
  /** Distils failed episodes into lessons when the update policy asks for one (`evidence`). */
  lessons: LessonWriter;
  /** Deprecation rule, or `false` to never deprecate. */
  deprecation: DeprecationRule | false;
  /** Offline build and keywords for when the model fails while building (undefined: the learn fails). */
  fallback: { build: BuildPolicy; keywords: KeywordExtractor } | undefined;
  /** Writes the merged procedure of a cluster in `consolidate()` (undefined: the shortest survives as is). */
  merger: Merger | undefined;
}
