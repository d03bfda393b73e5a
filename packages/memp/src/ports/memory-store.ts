import type { EvidenceKind, EvidenceRecord } from '../core/evidence.js';
import type { Memory, MemoryContent, MemoryKind, MemoryStatus, Provenance } from '../core/memory.js';
import type { Revision, RevisionReason } from '../core/revision.js';
import type { Trajectory } from '../core/trajectory.js';
import type { LexicalField } from '../core/text/lexical-terms.js';

/** The embedding space of a namespace: every vector in it comes from this embedder. */
export interface EmbeddingSpace {
  /** The {@link Embedder.id}. */
  embedder: string;
  /** Vector length. */
  dimension: number;
}

/**
 * The vectors of one memory: one for its task text and one per keyword, aligned with `memory.keywords`.
 * All L2-normalized.
 */
export interface MemoryVectors {
  /** The vector of the memory's task text. */
  task: Float32Array;
  /** One vector per keyword, in the order of `memory.keywords`. */
  keywords: Float32Array[];
}

/** A new memory with its vectors (and, on import, its prior history). */
export interface MemoryCreate {
  /** The memory as it is stored (version 1 for a new one, or its imported state). */
  memory: Memory;
  /** Its vectors, in the change's `space`. */
  vectors: MemoryVectors;
  /** History to keep with the memory (import). */
  revisions?: Revision[];
}

/**
 * A change to an existing memory, guarded by optimistic concurrency: it applies only when the stored
 * version equals `expectedVersion`, and then the version becomes `expectedVersion + 1`. The content before
 * the change is kept as a {@link Revision} with `reason`.
 */
export interface MemoryUpdate {
  /** The memory to change. */
  id: string;
  /** The version the caller read; another stored version fails the change with `CONFLICT`. */
  expectedVersion: number;
  /** Content fields to replace; fields not given stay as they are. */
  content?: Partial<MemoryContent>;
  /** New status (e.g. `deprecated`); unchanged when absent. */
  status?: MemoryStatus;
  /** Why it changed, kept in the {@link Revision}. */
  reason: RevisionReason;
  /** A free-text note kept in the {@link Revision}. */
  note?: string;
  /** New vectors, required when `task` or `keywords` change. */
  vectors?: MemoryVectors;
  /**
   * Trajectory ids appended to `provenance.from` (those already there are skipped): the support a merge adds to
   * the memory that absorbs another trajectory or memory.
   */
  addSources?: string[];
  /** New provenance (e.g. after a rebuild with the model); the store keeps it with the memory. */
  provenance?: Provenance;
}

/** A usage increment for one memory: one more hit, and its outcome. Never conflicts. */
export interface MemoryUsage {
  /** The memory that was used. */
  id: string;
  /** True when the episode that used it succeeded. */
  success: boolean;
}

/**
 * A hard delete of one memory, guarded like an update: it applies only when the stored version equals
 * `expectedVersion`. The memory, its vectors and its revisions are removed; the trajectories it was built
 * from stay (they are source data, and other memories may cite them).
 */
export interface MemoryDelete {
  /** The memory to remove. */
  id: string;
  /** The version the caller read; another stored version fails the change with `CONFLICT`. */
  expectedVersion: number;
}

/**
 * One atomic unit of work in one namespace: either every part is applied or none is.
 * A stale update fails the whole change with `CONFLICT`; vectors of another embedder than the namespace's
 * fail it with `EMBEDDER_MISMATCH`; an existing id on create fails it with `CONFLICT`.
 */
export interface ChangeSet {
  /** The one namespace every part of the change belongs to. */
  namespace: string;
  /** When the change happens (ISO-8601), from the injected clock. */
  at: string;
  /** The space of every vector in this change. Required when the change carries vectors. */
  space?: EmbeddingSpace;
  /** Source trajectories to store (an existing id fails with `CONFLICT`). */
  trajectories?: Trajectory[];
  /** New memories. */
  create?: MemoryCreate[];
  /** Versioned changes of existing memories (or of ones created by this change). */
  update?: MemoryUpdate[];
  /** Usage increments. */
  usage?: MemoryUsage[];
  /** Memories to remove, applied after every other part (see {@link MemoryDelete}). */
  delete?: MemoryDelete[];
  /**
   * Learns to remember by their content digest (idempotent learns, see {@link LearnRecord}); each names a trajectory
   * of this change. A digest already stored in the namespace (or given twice) fails the whole change with
   * `CONFLICT`, which is what makes two concurrent identical learns write once. Stores without
   * {@link MemoryStore.learnRecords} ignore it.
   */
  learnRecords?: LearnRecordInput[];
  /**
   * Attributed evidence to append (see {@link EvidenceRecord}): each names a memory that exists after the creates
   * (else `NOT_FOUND`); a repeated record id is `CONFLICT`. Records of a memory deleted by the change are dropped.
   */
  evidence?: EvidenceRecord[];
}

/** Which evidence to read (see {@link MemoryStore.evidence}). */
export interface EvidenceQuery {
  /** The namespace read. */
  namespace: string;
  /** Only records of these memories. Default: every memory of the namespace. */
  memoryIds?: readonly string[];
  /** Only records of these kinds. Default: every kind. */
  kinds?: readonly EvidenceKind[];
}

/**
 * A learn remembered by the content digest of its trajectory, so that learning the same content again writes nothing
 * and answers with the first learn's result. Kept as long as the namespace's trajectories (trajectories are never
 * deleted). `idempotencyKey` is the caller's key when the learn came with one (already scoped by the caller).
 */
export interface LearnRecord {
  /** The content digest (hex) of the normalised trajectory; unique in a namespace. */
  digest: string;
  /** The trajectory the first learn stored (one of the change's `trajectories`). */
  trajectoryId: string;
  /** What the first learn returned, as JSON. */
  result: Record<string, unknown>;
  /** The caller's idempotency key, when the learn came with one. */
  idempotencyKey?: string;
  /** When it was learned (the change's `at`). */
  at: string;
}

/** A {@link LearnRecord} as a change carries it (its `at` is the change's). */
export type LearnRecordInput = Omit<LearnRecord, 'at'>;

/** A memory's kind and status, as {@link MemoryStore.kinds} answers them. */
export interface MemoryKindAndStatus {
  /** The memory's kind. */
  kind: MemoryKind;
  /** The memory's status. */
  status: MemoryStatus;
}

/** What a change did. */
export interface ChangeResult {
  /** Ids of the memories created, in the order of `ChangeSet.create` (minus any deleted again). */
  created: string[];
  /** The memories after their update, in the order of `ChangeSet.update`. */
  updated: Memory[];
}

/**
 * Rebuilds a namespace's vectors for a new embedder, atomically: afterwards every memory of the namespace
 * has vectors in `space` and none remain from the old one.
 */
export interface Reembedding {
  /** The namespace to re-embed. */
  namespace: string;
  /** The new space of every vector. */
  space: EmbeddingSpace;
  /** New vectors for every memory of the namespace, all statuses. */
  vectors: Array<{ id: string; vectors: MemoryVectors }>;
}

/** Which vector field a search scores against. */
export type VectorField = 'task' | 'keywords';

/**
 * A similarity search; queries and stored vectors are unit length (the store normalises both), so scores are
 * cosines in [-1, 1]. With `field: 'task'` a memory's score is the mean, over the `queries`, of the cosine with
 * its task vector (one query: plain cosine, Key=Query). With `field: 'keywords'` (one query per task keyword,
 * Key=AveFact) it is symmetric: the paper's mean over queries of the best cosine to any memory keyword, combined
 * with the mean over the memory's keywords of the best cosine to any query by `keywordMatchScore` (harmonic
 * mean), so unmatched memory keywords count against it (no keyword stuffing). Memories without a vector in
 * `field` are not returned.
 */
export interface VectorSearch {
  /** The namespace searched. */
  namespace: string;
  /** The vectors scored (see {@link VectorField}). */
  field: VectorField;
  /** One or more query vectors in the namespace's space. */
  queries: Float32Array[];
  /** How many to return, best first. */
  k: number;
  /** Drop results scoring below this. Default: no cut-off. */
  minScore?: number;
  /** Which statuses are searched. Default `['active']`. */
  status?: MemoryStatus[];
}

/** One search hit. */
export interface VectorHit {
  /** The memory. */
  id: string;
  /** Its score (see {@link VectorSearch}). */
  score: number;
  /**
   * The memory's kind and status as the search saw them, when the store knows them without another read (from the
   * state it searched): both or neither, and equal to what {@link MemoryStore.kinds} answers at the search's
   * snapshot. Retrieval then tells procedures from lessons without calling `kinds`. Optional: a hit without them
   * costs that call.
   */
  kind?: MemoryKind;
  status?: MemoryStatus;
}

/** A page of memories, in creation order (`createdAt`, then `id`). */
export interface MemoryListQuery {
  /** The namespace listed. */
  namespace: string;
  /** Only memories with this status. Default: all. */
  status?: MemoryStatus;
  /** Only memories of this kind. Default: all. */
  kind?: MemoryKind;
  /** Page size. Default 100. */
  limit?: number;
  /** Return memories after this id in listing order (the last id of the previous page). */
  after?: string;
}

/** Counts for one namespace. */
export interface NamespaceStats {
  /** Memories of every status. */
  memories: number;
  /** Active memories (the ones retrieval sees). */
  active: number;
  /** Deprecated memories. */
  deprecated: number;
  /** Memories of every status, by kind. */
  byKind: Record<MemoryKind, number>;
  /** Stored source trajectories. */
  trajectories: number;
  /** Stored revisions of every memory. */
  revisions: number;
  /** The namespace's embedding space, absent while it holds no vectors. */
  space?: EmbeddingSpace;
}

/** Backend differences, declared as data rather than as optional methods that throw. */
export interface StoreCapabilities {
  /** Data survives the process. */
  persistent: boolean;
  /** Several processes may write the same store at once. */
  multiProcess: boolean;
  /** How vector search is served. */
  vectorSearch: 'exact' | 'ann';
}

/**
 * Where memories, their vectors, revisions and source trajectories live. Every adapter passes the shared
 * contract suite (`runMemoryStoreContract`). Namespaces are fully isolated from each other.
 */
export interface MemoryStore {
  /**
   * The version of the MemoryStore specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** What this backend can do (persistence, several processes, exact or approximate search). */
  readonly capabilities: StoreCapabilities;
  /** Applies a change atomically (see {@link ChangeSet}). */
  apply(change: ChangeSet): Promise<ChangeResult>;
  /** The memories with these ids, in the order given; unknown ids are left out. */
  get(query: { namespace: string; ids: readonly string[] }): Promise<Memory[]>;
  /** A page of memories in creation order. */
  list(query: MemoryListQuery): Promise<Memory[]>;
  /** Ids of all memories of a namespace with the given status (default `active`), in creation order. */
  ids(query: { namespace: string; status?: MemoryStatus }): Promise<string[]>;
  /** A memory's history, oldest first. */
  revisions(query: { namespace: string; memoryId: string }): Promise<Revision[]>;
  /** The stored trajectory with this id, if any. */
  trajectory(query: { namespace: string; id: string }): Promise<Trajectory | undefined>;
  /** The vectors stored for these memories (for export). Memories without vectors are left out. */
  vectors(query: { namespace: string; ids: readonly string[] }): Promise<Map<string, MemoryVectors>>;
  /** Best-scoring memories for a query, best first; ties broken by id. */
  search(query: VectorSearch): Promise<VectorHit[]>;
  /** The embedding space of a namespace, undefined while it holds no vectors. */
  space(query: { namespace: string }): Promise<EmbeddingSpace | undefined>;
  /** Replaces every vector of a namespace (see {@link Reembedding}). */
  reembed(change: Reembedding): Promise<void>;
  /** Counts for a namespace. */
  stats(query: { namespace: string }): Promise<NamespaceStats>;
  /** Attributed evidence records, in the order they were appended. */
  evidence(query: EvidenceQuery): Promise<EvidenceRecord[]>;
  /** Every namespace that holds at least one memory or trajectory, sorted. */
  namespaces(): Promise<string[]>;
  /**
   * The stored {@link LearnRecord}s of a namespace with one of `digests`, or with `idempotencyKey` (newest first);
   * both given: either matches. Optional: a store without it has no idempotent learns (the engine then learns every
   * call), which the contract suite's idempotency cases skip.
   */
  learnRecords?(query: {
    namespace: string;
    digests?: readonly string[];
    idempotencyKey?: string;
  }): Promise<LearnRecord[]>;
  /**
   * The kind and status of each memory of `ids` that exists (unknown ids are left out), without reading the rest of
   * it: what retrieval needs to tell procedures from lessons across its candidate pool before it reads the bodies of
   * just the memories it serves. Optional: without it the engine reads every candidate's body ({@link get}).
   */
  kinds?(query: { namespace: string; ids: readonly string[] }): Promise<Map<string, MemoryKindAndStatus>>;
  /** Releases resources. Further calls fail with `STORAGE_FAILED`. */
  close(): Promise<void>;
}

/** A field of the lexical index (see {@link LexicalSearch}). */
export type { LexicalField };

/**
 * A full-text search over the lexical index a store keeps beside the vectors: for each memory, its task, its
 * keywords and its procedure (script and step actions), each normalised by `lexicalTerms` (`core/text`), so the
 * store only matches whole terms. A memory scores by how many of the query's terms it holds, rarer terms counting
 * more (a BM25-family ranking whose scale is the backend's: SQLite FTS5 `bm25`, PostgreSQL `ts_rank`, the in-memory
 * store's own), each field's matches multiplied by its weight. Only the order is comparable across backends. A store
 * may skip a query term most of its memories hold while rarer terms remain (it barely moves the ranking and dominates
 * the cost; no store memp ships skips any); `matched` still lists
 * every query term a returned memory holds.
 */
export interface LexicalSearch {
  /** The namespace searched. */
  namespace: string;
  /** Query terms, already normalised by `lexicalTerms`; at least one. */
  terms: string[];
  /** Weight of each field's matches, each ≥ 0, not all 0. Default 1 for every field. */
  weights?: Partial<Record<LexicalField, number>>;
  /** How many to return, best first. */
  k: number;
  /** Which statuses are searched. Default `['active']`. */
  status?: MemoryStatus[];
}

/** One lexical hit. */
export interface LexicalHit {
  /** The memory. */
  id: string;
  /** Its score, > 0, higher is better; comparable only within one search. */
  score: number;
  /** The query's terms the memory holds (in any weighted field), in query order. */
  matched: string[];
}

/**
 * A store that keeps a lexical index (every store memp ships does) offers this search; the `hybrid` retrieval
 * policy needs it and refuses a store without it (`INVALID_ARGUMENT`). Separate from {@link MemoryStore} so that a
 * store written for an earlier memp still satisfies the port.
 */
export interface LexicalSearchable {
  /**
   * Memories holding at least one of the query's terms in a field of positive weight, best first; ties broken by id.
   * A memory matching none is not returned. Updates and deletes are reflected at once.
   */
  lexicalSearch(query: LexicalSearch): Promise<LexicalHit[]>;
}

/** True when `store` offers {@link LexicalSearchable.lexicalSearch}. */
export function hasLexicalSearch(store: MemoryStore): store is MemoryStore & LexicalSearchable {
  return typeof (store as Partial<LexicalSearchable>).lexicalSearch === 'function';
}
