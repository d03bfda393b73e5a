import { MempError } from '../../../core/errors.js';
import { readEmbedding } from './sqlite-embeddings.js';
import { kindAndStatusFromRow, spaceFromRow } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { readGeneration } from './sqlite-vector-loader.js';
import type { NamespaceVectorCache } from './vector-matrix-cache.js';

/**
 * What a write did to a namespace's cache, for the task index: slots with new vectors, and the versions of
 * the vectors they replaced or deleted (vectors that may have lost their last memory).
 */
export interface CacheDelta {
  added: number[];
  replaced: number[];
}

/**
 * Brings a stale cache up to the database's latest commit by re-reading only the memories that the missed
 * generations changed (listed in `search_changes`). Returns what changed, or undefined when the cache must be
 * loaded afresh instead: the list no longer reaches back to the cache's generation, a re-embedding happened,
 * the space changed, or so much changed that a full load is cheaper. Call inside a read transaction.
 */
export function refreshNamespaceCache(
  st: SqliteStatements,
  namespace: string,
  cache: NamespaceVectorCache,
): CacheDelta | undefined {
  const delta: CacheDelta = { added: [], replaced: [] };
  const generation = readGeneration(st, namespace);
  if (generation === cache.generation) return delta;
  const oldest: unknown = st.oldestSearchChange.pluck().get(namespace);
  if (typeof oldest !== 'number' || oldest > cache.generation + 1 || generation < cache.generation) return undefined;
  const space = spaceFromRow(st.space.get(namespace));
  if (space?.embedder !== cache.space?.embedder || space?.dimension !== cache.space?.dimension) return undefined;
  const ids = st.searchChangesSince.pluck().all(namespace, cache.generation);
  if (ids.includes('') || ids.length > Math.max(1000, cache.ids.length / 4)) return undefined;
  for (const id of ids) {
    if (typeof id !== 'string') throw new MempError('STORAGE_FAILED', 'stored search change is malformed');
    const row = st.memoryStatus.get(namespace, id) as { status: unknown; kind: unknown } | undefined;
    if (row === undefined) {
      const version = cache.remove(id);
      if (version !== undefined) delta.replaced.push(version);
      continue;
    }
    const { status, kind } = kindAndStatusFromRow(row);
    const slot = cache.upsert(id, status, kind);
    const embedding = st.embeddings.embeddingOf.get(namespace, id) as { version: unknown } | undefined;
    const version = embedding?.version;
    if (typeof version !== 'number' || version === cache.vectorVersion(slot) || space === undefined) continue;
    const vectors = readEmbedding(st.embeddings, { namespace, memoryId: id, dimension: space.dimension });
    if (vectors === undefined) continue;
    const old = cache.vectorVersion(slot);
    cache.replaceVectors(slot, vectors, version);
    delta.added.push(slot);
    if (old !== undefined) delta.replaced.push(old);
  }
  cache.generation = generation;
  return delta;
}
