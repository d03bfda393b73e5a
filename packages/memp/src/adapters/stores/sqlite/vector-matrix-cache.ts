import type { MemoryKind, MemoryStatus } from '../../../core/memory.js';
import type {
  EmbeddingSpace,
  MemoryKindAndStatus,
  MemoryVectors,
  VectorField,
  VectorHit,
} from '../../../ports/memory-store.js';
import { keywordMatchScore } from '../shared/keyword-match-score.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { dotRow, dotSparse, type FieldMatrix } from './field-matrix.js';
import { selectTopK } from './top-k.js';

const STATUS_CODE: Record<MemoryStatus, number> = { active: 0, deprecated: 1 };
/** Status code of a slot whose memory was deleted: no search status matches it. */
const DELETED = 2;
const KINDS: readonly MemoryKind[] = ['trajectory', 'script', 'proceduralization', 'lesson'];
/** Kind code of a slot whose kind its writer did not tell. */
const UNKNOWN_KIND = 255;

/** `statuses` as a bit mask of their status codes, for {@link NamespaceVectorCache.hasStatusIn}. */
export function statusMask(statuses: ReadonlySet<MemoryStatus>): number {
  let mask = 0;
  for (const s of statuses) mask |= 1 << STATUS_CODE[s];
  return mask;
}

/**
 * The searchable state of one namespace at one `generation` of the database: every memory as a slot
 * (id and status), and per field a {@link FieldMatrix}. Fields are built lazily on first search, so a
 * namespace searched only by task never holds its keyword matrix. Writes of this process patch it in place;
 * writes of another process bump the generation and make the store rebuild it.
 */
export class NamespaceVectorCache {
  /** The namespace's change counter this cache reflects. */
  generation: number;
  /** The namespace's space, undefined while it holds no vectors. */
  readonly space: EmbeddingSpace | undefined;
  /** Slot → memory id. */
  readonly ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly vectorVersionOfSlot = new Map<number, number>();
  private status = new Uint8Array(64);
  /** Per slot: the memory's kind (index into KINDS), or UNKNOWN_KIND. */
  private kind = new Uint8Array(64).fill(UNKNOWN_KIND);
  private active = 0;
  private readonly fields: Partial<Record<VectorField, FieldMatrix>> = {};
  private total = new Float64Array(0);
  private best = new Float64Array(0);
  /** Per distinct vector: its dot product with the current query (NaN until computed). */
  private vectorScore = new Float64Array(0);
  /** Per distinct vector: the best dot product with any query (the memory-to-query side of a keyword match). */
  private vectorBest = new Float64Array(0);
  private back = new Float64Array(0);
  private backCount = new Int32Array(0);

  constructor(options: { generation: number; space: EmbeddingSpace | undefined }) {
    this.generation = options.generation;
    this.space = options.space;
  }

  /**
   * The slot of `id`, adding it (with `status`) when new, or updating its status; `kind` is recorded for
   * {@link kindsOf} (a caller that does not give it leaves the slot's kind unknown).
   */
  upsert(id: string, status: MemoryStatus, kind?: MemoryKind): number {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.slotOf.set(id, slot);
      if (slot >= this.status.length) {
        const next = new Uint8Array(this.status.length * 2);
        next.set(this.status);
        this.status = next;
        const kinds = new Uint8Array(next.length).fill(UNKNOWN_KIND);
        kinds.set(this.kind);
        this.kind = kinds;
      }
    } else if (this.status[slot] === STATUS_CODE.active) this.active -= 1;
    this.status[slot] = STATUS_CODE[status];
    this.kind[slot] = kind === undefined ? UNKNOWN_KIND : KINDS.indexOf(kind);
    if (status === 'active') this.active += 1;
    return slot;
  }

  /**
   * The kind and status of each of `ids` this cache holds (deleted ones left out), or undefined when one of them has
   * no recorded kind.
   */
  kindsOf(ids: readonly string[]): Map<string, MemoryKindAndStatus> | undefined {
    const out = new Map<string, MemoryKindAndStatus>();
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot === undefined || this.status[slot] === DELETED) continue;
      const kind = KINDS[this.kind[slot] as number];
      if (kind === undefined) return undefined;
      out.set(id, { kind, status: this.status[slot] === STATUS_CODE.active ? 'active' : 'deprecated' });
    }
    return out;
  }

  /**
   * The search hit of `slot` with `score`, with the memory's kind and status when its kind is known (see
   * `VectorHit.kind`).
   */
  hitOf(slot: number, score: number): VectorHit {
    const id = this.ids[slot] as string;
    const kind = KINDS[this.kind[slot] as number];
    const status = this.status[slot];
    if (kind === undefined || status === DELETED) return { id, score };
    return { id, score, kind, status: status === STATUS_CODE.active ? 'active' : 'deprecated' };
  }

  /**
   * Forgets the memory `id` (deleted): its slot matches no status and holds no rows any more. Returns the
   * version of its vectors, if it had any.
   */
  remove(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    if (this.status[slot] === STATUS_CODE.active) this.active -= 1;
    this.status[slot] = DELETED;
    this.fields.task?.removeSlot(slot);
    this.fields.keywords?.removeSlot(slot);
    const version = this.vectorVersionOfSlot.get(slot);
    this.vectorVersionOfSlot.delete(slot);
    return version;
  }

  /** Number of active memories. */
  get activeCount(): number {
    return this.active;
  }

  /** True when the status of the memory in `slot` is one of those in `mask` (see {@link statusMask}). */
  hasStatusIn(slot: number, mask: number): boolean {
    return ((1 << (this.status[slot] as number)) & mask) !== 0;
  }

  /** The version (`memory_embeddings.version`) of `slot`'s current vectors, if it has any. */
  vectorVersion(slot: number): number | undefined {
    return this.vectorVersionOfSlot.get(slot);
  }

  /** The task field's matrix, if built. */
  taskMatrix(): FieldMatrix | undefined {
    return this.fields.task;
  }

  /**
   * The exact task score of the memories holding task vector `vector` for `queries` (given as float64 copies),
   * computed exactly as {@link search} computes it, bit for bit: the mean over queries of the dot product.
   */
  taskVectorScore(vector: number, queries: readonly Float64Array[]): number {
    const matrix = this.fields.task;
    if (matrix === undefined) return Number.NEGATIVE_INFINITY;
    let total = 0;
    for (const q of queries) {
      total += matrix.sparse
        ? dotSparse(matrix, vector, q)
        : dotRow(matrix.data, vector * matrix.dimension, q, matrix.dimension);
    }
    return queries.length > 1 ? total / queries.length : total;
  }

  /** The slot of `id`, if known. */
  slot(id: string): number | undefined {
    return this.slotOf.get(id);
  }

  /** Records the version (`memory_embeddings.version`) of `slot`'s vectors. */
  setVectorVersion(slot: number, version: number): void {
    this.vectorVersionOfSlot.set(slot, version);
  }

  /** The matrix of `field`, if built. */
  field(field: VectorField): FieldMatrix | undefined {
    return this.fields[field];
  }

  /** Installs a freshly loaded matrix for `field`. */
  setField(field: VectorField, matrix: FieldMatrix): void {
    this.fields[field] = matrix;
  }

  /** Replaces the vectors of `slot` (now at `version`) in every built field. */
  replaceVectors(slot: number, vectors: MemoryVectors, version: number): void {
    this.setVectorVersion(slot, version);
    const task = this.fields.task;
    if (task !== undefined) {
      task.removeSlot(slot);
      task.append(slot, vectors.task);
    }
    const keywords = this.fields.keywords;
    if (keywords !== undefined) {
      keywords.removeSlot(slot);
      for (const k of vectors.keywords) keywords.append(slot, k);
    }
  }

  /**
   * Scores every memory whose status is searched: the mean over queries of the best dot product with the
   * memory's rows in the field; for keywords, combined with the other direction by {@link keywordMatchScore}.
   * No allocation per row; scratch arrays reused across searches.
   */
  search(query: CheckedSearch): VectorHit[] {
    const matrix = this.fields[query.field];
    const count = this.ids.length;
    if (matrix === undefined || count === 0) return [];
    if (this.total.length < count) {
      const size = Math.max(count, Math.ceil(this.total.length * 1.5));
      this.total = new Float64Array(size);
      this.best = new Float64Array(size);
    }
    const total = this.total;
    const best = this.best;
    total.fill(0, 0, count);
    const allowed = new Uint8Array(3);
    for (const s of query.statuses) allowed[STATUS_CODE[s]] = 1;
    const status = this.status;
    const { data, owner, canonical, rows, vectors, dimension, sparse } = matrix;
    if (this.vectorScore.length < vectors) {
      const size = Math.max(vectors, Math.ceil(this.vectorScore.length * 1.5));
      this.vectorScore = new Float64Array(size);
      this.vectorBest = new Float64Array(size);
    }
    const vectorScore = this.vectorScore;
    const vectorBest = this.vectorBest;
    vectorBest.fill(Number.NEGATIVE_INFINITY, 0, vectors);
    for (const q32 of query.queries) {
      // Float64 query values skip a float32→float64 conversion per multiply in the hot loop (the typed-array
      // constructor copies without the iterator protocol `Float64Array.from` goes through).
      const q = new Float64Array(q32);
      best.fill(Number.NEGATIVE_INFINITY, 0, count);
      if (sparse) {
        // Every vector scored at once through the matrix's postings (the same bits as one dotSparse each).
        matrix.scoreSparse(q, vectorScore);
        for (let r = 0; r < rows; r++) {
          const slot = owner[r] as number;
          if (slot < 0 || allowed[status[slot] as number] === 0) continue;
          const score = vectorScore[canonical[r] as number] as number;
          if (score > (best[slot] as number)) best[slot] = score;
        }
        if (query.field === 'keywords') {
          for (let c = 0; c < vectors; c++) {
            if ((vectorScore[c] as number) > (vectorBest[c] as number)) vectorBest[c] = vectorScore[c] as number;
          }
        }
        for (let slot = 0; slot < count; slot++) total[slot] = (total[slot] as number) + (best[slot] as number);
        continue;
      }
      vectorScore.fill(Number.NaN, 0, vectors);
      for (let r = 0; r < rows; r++) {
        const slot = owner[r] as number;
        if (slot < 0 || allowed[status[slot] as number] === 0) continue;
        // Rows holding the same vector share one dot product (see FieldMatrix.canonical).
        const c = canonical[r] as number;
        let score = vectorScore[c] as number;
        if (Number.isNaN(score)) {
          score = sparse ? dotSparse(matrix, c, q) : dotRow(data, c * dimension, q, dimension);
          vectorScore[c] = score;
          if (score > (vectorBest[c] as number)) vectorBest[c] = score;
        }
        if (score > (best[slot] as number)) best[slot] = score;
      }
      for (let slot = 0; slot < count; slot++) total[slot] = (total[slot] as number) + (best[slot] as number);
    }
    const n = query.queries.length;
    if (n > 1) for (let slot = 0; slot < count; slot++) total[slot] = (total[slot] as number) / n;
    if (query.field === 'keywords') this.symmetric({ matrix, count, allowed });
    return selectTopK({
      scores: total,
      count,
      ids: this.ids,
      k: query.k,
      minScore: query.minScore,
      hitOf: (slot, score) => this.hitOf(slot, score),
    });
  }

  /**
   * Turns the forward scores in `total` into symmetric keyword scores: per memory, the mean over its rows of the
   * row's best dot product with any query (`vectorBest`, filled by the search), combined by {@link keywordMatchScore}.
   */
  private symmetric(options: { matrix: FieldMatrix; count: number; allowed: Uint8Array }): void {
    const { matrix, count, allowed } = options;
    if (this.back.length < count) {
      this.back = new Float64Array(Math.max(count, Math.ceil(this.back.length * 1.5)));
      this.backCount = new Int32Array(this.back.length);
    }
    const back = this.back;
    const backCount = this.backCount;
    back.fill(0, 0, count);
    backCount.fill(0, 0, count);
    const { owner, canonical, rows } = matrix;
    for (let r = 0; r < rows; r++) {
      const slot = owner[r] as number;
      if (slot < 0 || allowed[this.status[slot] as number] === 0) continue;
      back[slot] = (back[slot] as number) + (this.vectorBest[canonical[r] as number] as number);
      backCount[slot] = (backCount[slot] as number) + 1;
    }
    const total = this.total;
    for (let slot = 0; slot < count; slot++) {
      const rowsOfSlot = backCount[slot] as number;
      if (rowsOfSlot === 0) continue;
      total[slot] = keywordMatchScore(total[slot] as number, (back[slot] as number) / rowsOfSlot);
    }
  }
}
