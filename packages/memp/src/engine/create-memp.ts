import type { Embedder } from '../ports/embedder.js';
import type { LlmGateway, LlmUsage } from '../ports/llm-gateway.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { Retrieved } from '../core/retrieved.js';
import { type EngineSettings, createEngineContext } from './engine-context.js';
import type { EngineParts } from './engine-parts.js';
import { type LearnBatchOptions, type LearnOptions, learnEpisode, learnEpisodes } from './learn-episodes.js';
import type { LearnResult } from './learn-planner.js';
import { type MemoryOperations, createMemoryOperations } from './memory-operations.js';
import { type MemoryReads, createMemoryReads } from './memory-reads.js';
import { type NamespaceMaintenance, createNamespaceMaintenance } from './namespace-maintenance.js';
import { type RetrieveOptions, retrieveMemories } from './retrieve-memories.js';

/** The memp engine: retrieve before a task, learn after it; plus the operations on stored memories. */
export interface Memp extends MemoryOperations, MemoryReads, NamespaceMaintenance {
  /** The embedder in use (its id tags every vector). */
  readonly embedder: Embedder;
  /** The store in use. */
  readonly store: MemoryStore;
  /** The gateway of the engine's language model (`model` option), if any; share it with an agent for one budget. */
  readonly gateway: LlmGateway | undefined;
  /** Tokens and calls of the engine's language model so far (zeros offline), for run summaries. */
  llmUsage(): LlmUsage;
  /** Retrieves the memories most likely to help with `task`, best first, within k, minScore and maxTokens. */
  retrieve(options: RetrieveOptions): Promise<Retrieved[]>;
  /** Learns from one finished episode (build + update + deprecation), atomically. */
  learn(options: LearnOptions): Promise<LearnResult>;
  /**
   * Learns from many episodes in order, as ONE atomic change: if any trajectory is invalid, nothing is
   * written and the error names the item (`where` labels, e.g. file lines, are used in messages).
   */
  learnBatch(options: LearnBatchOptions): Promise<LearnResult[]>;
  /** Closes the store. */
  close(): Promise<void>;
}

/**
 * Assembles an engine from chosen parts and its settings: one context shared by the retrieve, learn, read, memory
 * and maintenance modules. It chooses no default adapter; the public `createMemp` (src/composition) does.
 * `INVALID_ARGUMENT` names a bad setting.
 */
export function createMempEngine(options: { parts: EngineParts; settings: EngineSettings }): Memp {
  const context = createEngineContext(options);
  const { store, embedder, clock } = context;
  const { gateway } = options.parts;
  return {
    ...createMemoryOperations({
      store,
      embedder,
      clock,
      ids: context.ids,
      limits: context.limits,
      deprecation: options.parts.deprecation,
      namespace: context.namespace,
    }),
    ...createMemoryReads(context),
    ...createNamespaceMaintenance(context),
    embedder,
    store,
    gateway,
    llmUsage: () => gateway?.usage() ?? { input: 0, output: 0, calls: 0 },
    retrieve: (request) => retrieveMemories(context, request),
    learn: (request) => learnEpisode(context, request),
    learnBatch: (request) => learnEpisodes(context, request),
    close: () => store.close(),
  };
}
