import { MempError } from '../core/errors.js';
import type { MemoryVectors } from '../ports/memory-store.js';
import { assertEmbeddingSpace } from './assert-embedding-space.js';
import { checkLines, checkOptionalBoolean, checkRequest } from './check-request.js';
import { type ConsolidationReport, consolidateNamespace } from './consolidate-namespace.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import type { EngineContext } from './engine-context.js';
import type { ExportHeader } from './export-format.js';
import { exportMemories } from './export-memories.js';
import { type ImportResult, importMemories } from './import-memories.js';
import { listAllMemories } from './list-all-memories.js';
import { type RebuildResult, rebuildPending } from './rebuild-pending.js';

/** Whole-namespace maintenance: export and import, re-embedding, consolidation and retention, rebuilds. */
export interface NamespaceMaintenance {
  /** Writes a namespace as export lines (see `exportMemories`). */
  exportTo(options: {
    write: (line: string) => void | Promise<void>;
    namespace?: string;
    embeddings?: boolean;
  }): Promise<ExportHeader>;
  /** Imports export lines atomically, re-embedding when the file's embedder differs. */
  importFrom(options: {
    lines: Iterable<string> | AsyncIterable<string>;
    namespace?: string;
    onConflict?: 'error' | 'skip';
    source?: string;
  }): Promise<ImportResult>;
  /** Recomputes every vector of a namespace with this engine's embedder (after changing embedders). */
  reembed(options?: { namespace?: string }): Promise<{ memories: number }>;
  /**
   * Merges each cluster of active memories that say the same thing into one survivor (absorbed ones deprecated with
   * a pointer to it) and applies the namespace's retention limits, atomically; `dryRun` only reports the clusters.
   * Uses the engine's consolidation rule (the default rule when consolidation on learn is off).
   */
  consolidate(options?: { namespace?: string; dryRun?: boolean }): Promise<ConsolidationReport>;
  /**
   * Retries the model for memories built offline after a model failure (`provenance.pendingRebuild`); see
   * {@link rebuildPending}.
   */
  rebuild(options?: { namespace?: string }): Promise<RebuildResult>;
}

/** Builds the {@link NamespaceMaintenance} of an engine. */
export function createNamespaceMaintenance(context: EngineContext): NamespaceMaintenance {
  const { store, embedder, clock } = context;
  return {
    async exportTo(request) {
      checkRequest(request, 'exportTo');
      if (typeof request.write !== 'function')
        throw new MempError('INVALID_ARGUMENT', 'write must be a function', { details: { field: 'write' } });
      const namespace = context.namespace(request.namespace);
      return exportMemories({ store, namespace, embeddings: request.embeddings ?? false, clock, write: request.write });
    },
    async importFrom(request) {
      checkRequest(request, 'importFrom');
      const namespace = context.namespace(request.namespace);
      const lines = checkLines(request.lines);
      await assertEmbeddingSpace({ store, embedder, namespace });
      return importMemories({
        store,
        embedder,
        namespace,
        clock,
        lines,
        limits: context.limits,
        ...(request.onConflict === undefined ? {} : { onConflict: request.onConflict }),
        ...(request.source === undefined ? {} : { source: request.source }),
      });
    },
    async reembed(request = {}) {
      checkRequest(request, 'reembed');
      const namespace = context.namespace(request.namespace);
      const all = await listAllMemories({ store, namespace });
      const vectors = await embedMemoryTexts(embedder, all);
      const items = all.map((m, i) => ({ id: m.id, vectors: vectors[i] as MemoryVectors }));
      await store.reembed({
        namespace,
        space: { embedder: embedder.id, dimension: embedder.dimension },
        vectors: items,
      });
      return { memories: items.length };
    },
    async consolidate(request = {}) {
      checkRequest(request, 'consolidate');
      const dryRun = checkOptionalBoolean(request.dryRun, 'dryRun') ?? false;
      const namespace = context.namespace(request.namespace);
      const retention = context.retention(namespace);
      return consolidateNamespace({
        store,
        namespace,
        clock,
        dryRun,
        rule: context.consolidateRule,
        ...(context.merger ? { merger: context.merger } : {}),
        ...(retention ? { retention } : {}),
      });
    },
    async rebuild(request = {}) {
      checkRequest(request, 'rebuild');
      const namespace = context.namespace(request.namespace);
      await assertEmbeddingSpace({ store, embedder, namespace });
      return rebuildPending({ store, embedder, clock, namespace, deps: context.learner });
    },
  };
}
