import { MempError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import { type RenderMemoriesOptions, renderMemories } from '../core/render/render-memories.js';
import type { Retrieved } from '../core/retrieved.js';
import type { Revision } from '../core/revision.js';
import type { NamespaceStats } from '../ports/memory-store.js';
import { type EvidenceSummary, summarizeEvidence } from './candidate-operations.js';
import { checkRequest, checkRetrievedList } from './check-request.js';
import type { EngineContext } from './engine-context.js';

/** The engine's reads of stored memories, and the rendering of retrieved ones into prompt text. */
export interface MemoryReads {
  /** Renders retrieved memories into prompt text, delimited as data (the engine's `format` unless given). */
  render(retrieved: readonly Retrieved[], options?: RenderMemoriesOptions): string;
  /** One memory with its history and a summary of its attributed evidence. `NOT_FOUND` when absent. */
  show(options: {
    id: string;
    namespace?: string;
  }): Promise<{ memory: Memory; revisions: Revision[]; evidence: EvidenceSummary }>;
  /** A page of memories in creation order. */
  list(options?: {
    namespace?: string;
    status?: 'active' | 'deprecated';
    limit?: number;
    after?: string;
  }): Promise<Memory[]>;
  /** Counts for a namespace. */
  stats(options?: { namespace?: string }): Promise<NamespaceStats>;
}

/** Builds the {@link MemoryReads} of an engine. */
export function createMemoryReads(context: EngineContext): MemoryReads {
  const { store } = context;
  return {
    render(retrieved, renderOptions) {
      checkRequest(renderOptions, 'render', { optional: true });
      return renderMemories(checkRetrievedList(retrieved), { format: context.format, ...renderOptions });
    },
    async show(request) {
      checkRequest(request, 'show');
      const namespace = context.namespace(request.namespace);
      const [memory] = await store.get({ namespace, ids: [request.id] });
      if (!memory)
        throw new MempError('NOT_FOUND', `memory "${request.id}" not found in "${namespace}"`, {
          details: { id: request.id },
        });
      const [revisions, records] = await Promise.all([
        store.revisions({ namespace, memoryId: request.id }),
        store.evidence({ namespace, memoryIds: [request.id] }),
      ]);
      return { memory, revisions, evidence: summarizeEvidence(records) };
    },
    async list(request = {}) {
      checkRequest(request, 'list');
      const { namespace, ...rest } = request;
      return store.list({ namespace: context.namespace(namespace), ...rest });
    },
    async stats(request = {}) {
      checkRequest(request, 'stats');
      return store.stats({ namespace: context.namespace(request.namespace) });
    },
  };
}
