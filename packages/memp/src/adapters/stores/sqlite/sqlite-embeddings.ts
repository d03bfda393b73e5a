import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import type { MemoryVectors } from '../../../ports/memory-store.js';
import { decodeVector, encodeVector, vectorDigest } from './vector-encoding.js';

/**
 * The statements that keep a memory's vectors in the compact layout (schema 4):
 * - `memory_embeddings`: one row per memory with its task vector and the keys of its keyword vectors. Its
 *   `version` is the namespace generation that wrote the vectors (0 for rows migrated from schema 3); generations
 *   only grow, so a cache that knows the version of a memory's vectors knows whether they changed since.
 * - `keyword_vectors`: each distinct keyword vector of a namespace once, found by content digest, with the
 *   number of references to it; a vector nobody references any more is deleted.
 * Used by the store and by migration 3 (which moves older files into this layout).
 */
export interface EmbeddingStatements extends KeywordStatements {
  releaseKeyword: Database.Statement<[number]>;
  dropUnreferenced: Database.Statement<[number]>;
  insertEmbedding: Database.Statement<[string, string, number, Buffer, string]>;
  embeddingOf: Database.Statement<[string, string]>;
  deleteEmbedding: Database.Statement<[string, string]>;
  keywordVector: Database.Statement<[number]>;
  deleteNamespaceEmbeddings: Database.Statement<[string]>;
  deleteNamespaceKeywords: Database.Statement<[string]>;
}

/** The statements {@link KeywordRefs} needs: `keyword_vectors`, unchanged since schema 3. */
export interface KeywordStatements {
  findKeyword: Database.Statement<[string, number]>;
  insertKeyword: Database.Statement<[string, number, Buffer]>;
  addKeywordRefs: Database.Statement<[number, number]>;
}

/** Compiles the {@link KeywordStatements} on `db` (schema 3 or later). */
export function prepareKeywordStatements(db: Database.Database): KeywordStatements {
  return {
    findKeyword: db.prepare('SELECT key, vector FROM keyword_vectors WHERE namespace = ? AND digest = ?'),
    insertKeyword: db.prepare('INSERT INTO keyword_vectors (namespace, digest, refs, vector) VALUES (?, ?, 1, ?)'),
    addKeywordRefs: db.prepare('UPDATE keyword_vectors SET refs = refs + ? WHERE key = ?'),
  };
}

/** Compiles the {@link EmbeddingStatements} on `db` (schema 4 or later). */
export function prepareEmbeddingStatements(db: Database.Database): EmbeddingStatements {
  const p = <P extends unknown[]>(sql: string): Database.Statement<P> => db.prepare<P>(sql);
  return {
    ...prepareKeywordStatements(db),
    releaseKeyword: p('UPDATE keyword_vectors SET refs = refs - 1 WHERE key = ?'),
    dropUnreferenced: p('DELETE FROM keyword_vectors WHERE key = ? AND refs <= 0'),
    insertEmbedding: p(
      'INSERT INTO memory_embeddings (namespace, memory_id, version, task, keywords) VALUES (?, ?, ?, ?, ?)',
    ),
    embeddingOf: p('SELECT version, task, keywords FROM memory_embeddings WHERE namespace = ? AND memory_id = ?'),
    deleteEmbedding: p('DELETE FROM memory_embeddings WHERE namespace = ? AND memory_id = ?'),
    keywordVector: p('SELECT vector FROM keyword_vectors WHERE key = ?'),
    deleteNamespaceEmbeddings: p('DELETE FROM memory_embeddings WHERE namespace = ?'),
    deleteNamespaceKeywords: p('DELETE FROM keyword_vectors WHERE namespace = ?'),
  };
}

/** The keys listed in a `memory_embeddings.keywords` value (space-separated decimal integers). */
export function parseKeywordKeys(value: unknown): number[] {
  if (typeof value !== 'string') throw new MempError('STORAGE_FAILED', 'stored keyword list is malformed');
  if (value === '') return [];
  return value.split(' ').map((part) => {
    const key = Number(part);
    if (!Number.isSafeInteger(key) || key <= 0)
      throw new MempError('STORAGE_FAILED', 'stored keyword key is malformed');
    return key;
  });
}

/**
 * The keyword vectors one write transaction refers to: each distinct vector is looked up (or inserted) once, and
 * its new references are added in one statement by {@link flush}. Call `flush` before the transaction ends and
 * before anything releases references (see {@link deleteEmbedding}, which does it).
 */
export class KeywordRefs {
  private readonly keyOf = new Map<string, number>();
  private readonly pending = new Map<number, number>();

  constructor(
    private readonly st: KeywordStatements,
    readonly namespace: string,
  ) {}

  /** The key of the stored keyword vector equal to `encoded`, adding it or counting one more reference. */
  reference(encoded: Buffer): number {
    const content = encoded.toString('latin1');
    let key = this.keyOf.get(content);
    if (key === undefined) {
      key = this.find(encoded);
      if (key === undefined) {
        key = Number(this.st.insertKeyword.run(this.namespace, vectorDigest(encoded), encoded).lastInsertRowid);
        this.keyOf.set(content, key);
        return key;
      }
      this.keyOf.set(content, key);
    }
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    return key;
  }

  /** Writes the counted references. */
  flush(): void {
    for (const [key, count] of this.pending) this.st.addKeywordRefs.run(count, key);
    this.pending.clear();
    this.keyOf.clear();
  }

  private find(encoded: Buffer): number | undefined {
    const rows = this.st.findKeyword.all(this.namespace, vectorDigest(encoded)) as Array<{
      key: number;
      vector: Uint8Array;
    }>;
    return rows.find((row) => Buffer.compare(encoded, row.vector) === 0)?.key;
  }
}

/**
 * Stores the vectors of one memory that has none stored, under `version` (the generation the transaction
 * writes). Call inside the write transaction that changes the memory, with that transaction's {@link KeywordRefs}.
 */
export function insertEmbedding(
  st: EmbeddingStatements,
  options: { refs: KeywordRefs; memoryId: string; version: number; vectors: MemoryVectors },
): void {
  const { refs, memoryId, version, vectors } = options;
  const keys = vectors.keywords.map((k) => refs.reference(encodeVector(k)));
  st.insertEmbedding.run(refs.namespace, memoryId, version, encodeVector(vectors.task), keys.join(' '));
}

/** Removes the vectors of one memory (if any), releasing its keyword vectors (after flushing `refs`). */
export function deleteEmbedding(st: EmbeddingStatements, options: { refs: KeywordRefs; memoryId: string }): void {
  const row = st.embeddingOf.get(options.refs.namespace, options.memoryId) as { keywords: unknown } | undefined;
  if (row === undefined) return;
  options.refs.flush();
  for (const key of parseKeywordKeys(row.keywords)) {
    st.releaseKeyword.run(key);
    st.dropUnreferenced.run(key);
  }
  st.deleteEmbedding.run(options.refs.namespace, options.memoryId);
}

/** Reads back the vectors of one memory, or undefined when it has none. */
export function readEmbedding(
  st: EmbeddingStatements,
  options: { namespace: string; memoryId: string; dimension: number },
): MemoryVectors | undefined {
  const row = st.embeddingOf.get(options.namespace, options.memoryId) as
    | { task: unknown; keywords: unknown }
    | undefined;
  if (row === undefined) return undefined;
  const keywords = parseKeywordKeys(row.keywords).map((key) => {
    const blob: unknown = st.keywordVector.pluck().get(key);
    if (blob === undefined) throw new MempError('STORAGE_FAILED', 'a memory refers to a missing keyword vector');
    return decodeVector(blob, options.dimension);
  });
  return { task: decodeVector(row.task, options.dimension), keywords };
}

/** Removes every vector of a namespace (before a re-embedding writes new ones). */
export function deleteNamespaceEmbeddings(st: EmbeddingStatements, namespace: string): void {
  st.deleteNamespaceEmbeddings.run(namespace);
  st.deleteNamespaceKeywords.run(namespace);
}
