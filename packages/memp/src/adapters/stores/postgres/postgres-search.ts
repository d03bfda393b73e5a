import { keywordMatchScore } from '../shared/keyword-match-score.js';
import type pg from 'pg';
import { dot } from '../../../core/vector.js';
import type { EmbeddingSpace, VectorHit } from '../../../ports/memory-store.js';
import { compareHits } from '../shared/store-validation.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { vectorIndexKind } from './postgres-vector-index.js';
import type { VectorIndexKind } from './postgres-vector-index.js';
import { vectorFromPg, vectorToPg } from './postgres-vector-text.js';
import { FIELD_KEYWORD, FIELD_TASK } from './postgres-writes.js';

/** How one search was served (for metrics and tests; see `PostgresMemoryStoreOptions.onSearch`). */
export interface PostgresSearchInfo {
  /**
   * `exact`: every matching row scored in SQL; `ann`: candidates from the HNSW index; `ann-fallback`: the index
   * scan stopped before it had enough candidates (e.g. `hnsw.max_scan_tuples`), so the search ran exactly;
   * `cache`: every matching row scored in this process over its cached task vectors (`PostgresVectorCaches`);
   * `cache-ann`: candidates from the in-process HNSW index over those cached vectors, re-scored exactly.
   */
  path: 'exact' | 'ann' | 'ann-fallback' | 'cache' | 'cache-ann';
  /**
   * Task vectors of the namespace with a searched status, counted up to `max(exactSearchMaxRows, 10 000) + 1` and
   * reused for `rowCountCacheMs`; 0 when not counted (keyword searches, an infinite threshold, no index).
   */
  rows: number;
  /** Memories whose exact score was computed (`cache-ann`: the hits returned; the index's candidates are not counted). */
  candidates: number;
}

/**
 * The ANN candidate query for one dimension: rows of one namespace, field and statuses, nearest first by cosine
 * distance through the partial HNSW index of that dimension. `$1` namespace, `$2` field, `$3` statuses, `$4` the
 * query vector (text), `$5` the limit; each row carries the stored vector (text) for the exact rerank. The namespace test is written `(namespace || '') = $1` on purpose: it
 * keeps the planner from answering through the b-tree on `namespace` (the store decides exact vs ANN itself),
 * and `hnsw.iterative_scan` makes the index scan go on until `$5` rows pass the filters.
 */
export function annCandidateQuery(kind: VectorIndexKind, dimension: number): string {
  const cast = `${kind.element}(${dimension})`;
  return `SELECT v.memory_id, v.embedding::text AS embedding FROM memory_vectors AS v
    WHERE (v.namespace || '') = $1 AND v.field = ${FIELD_TASK} AND v.field = $2 AND v.status = ANY($3::text[])
      AND v.dimension = ${dimension} AND v.indexed
    ORDER BY v.embedding::${cast} <=> $4::${cast}
    LIMIT $5`;
}

// `q` is MATERIALIZED so that each query vector is parsed once, not once per row (inlined, the text-to-vector
// cast ran inside the join and cost 97% of the query at 512 dimensions).
const QUERY_VECTORS = `q AS MATERIALIZED (SELECT n, e::vector AS e FROM unnest($3::text[]) WITH ORDINALITY AS t(e, n))`;

/**
 * Wraps a candidate query so that the same statement also reads the namespace's space: one row with the space and
 * null candidate columns when nothing matches, no row when the namespace has no space (never written).
 */
function withSpace(candidates: string): string {
  return `SELECT s.embedder, s.dimension, c.memory_id, c.score, c.embedding
    FROM namespace_spaces AS s LEFT JOIN LATERAL (${candidates}) AS c ON true
    WHERE s.namespace = $1`;
}

/**
 * Task search, exact, shaped for the planner: the task field holds one vector per memory, so the mean over the
 * queries of its cosine is its dot product with the mean query (`$3`, one vector). A top-N sort (`ORDER BY distance,
 * id LIMIT $6`) over the namespace's rows keeps the best; `$6` null (no limit) with `$5` as a floor reads every row
 * within the tie margin. `$7` the query dimension (rows of another dimension are never compared). The vectors are
 * printed as text outside the sorted subquery, for its rows only (inside, every row of the namespace was printed
 * before the sort: half the statement's time at 8 500 rows of 512 dimensions).
 */
const EXACT_TASK_CANDIDATES = withSpace(`
    SELECT t.memory_id, t.score, t.embedding::text AS embedding FROM (
      SELECT v.memory_id, -(v.embedding <#> $3::text::vector) AS score, v.embedding
      FROM memory_vectors AS v
      WHERE v.namespace = $1 AND v.field = $2 AND v.status = ANY($4::text[]) AND v.dimension = $7
        AND ($5::float8 IS NULL OR -(v.embedding <#> $3::text::vector) >= $5::float8)
      ORDER BY v.embedding <#> $3::text::vector, v.memory_id
      LIMIT $6
    ) AS t`);

/**
 * Keyword search (Key=AveFact): `keywordMatchScore` of the forward score (mean over the queries of the best match
 * among the memory's keywords) and the backward score (mean over the memory's keywords of the best match among the
 * queries), computed in SQL the same way as in `rerank`; the best `$6` memories (all above `$5` when `$6` is null)
 * come back with every keyword vector, one row each.
 */
const EXACT_KEYWORD_CANDIDATES = withSpace(`
  WITH ${QUERY_VECTORS},
  pairs AS MATERIALIZED (
    SELECT v.memory_id, v.ordinal, q.n, -(v.embedding <#> q.e) AS s
    FROM memory_vectors AS v CROSS JOIN q
    WHERE v.namespace = $1 AND v.field = $2 AND v.status = ANY($4::text[]) AND v.dimension = $7
  ),
  fwd AS (SELECT memory_id, avg(m) AS f FROM (SELECT memory_id, n, max(s) AS m FROM pairs GROUP BY memory_id, n) AS x GROUP BY memory_id),
  bwd AS (SELECT memory_id, avg(m) AS b FROM (SELECT memory_id, ordinal, max(s) AS m FROM pairs GROUP BY memory_id, ordinal) AS y GROUP BY memory_id),
  scored AS (
    SELECT fwd.memory_id, CASE WHEN f <= 0 OR b <= 0 THEN least(f, b) ELSE 2 * f * b / (f + b) END AS score
    FROM fwd JOIN bwd USING (memory_id)
  ),
  top AS (
    SELECT memory_id, score FROM scored WHERE $5::float8 IS NULL OR score >= $5::float8
    ORDER BY score DESC, memory_id LIMIT $6
  )
  SELECT top.memory_id, top.score, v.embedding::text AS embedding
  FROM top JOIN memory_vectors AS v
    ON v.namespace = $1 AND v.field = $2 AND v.status = ANY($4::text[]) AND v.memory_id = top.memory_id
  ORDER BY top.score DESC, top.memory_id, v.ordinal`);

function meanDirection(queries: Float32Array[]): Float32Array | undefined {
  const first = queries[0];
  if (first === undefined) return undefined;
  const mean = new Float32Array(first.length);
  for (const q of queries) for (let i = 0; i < q.length; i++) mean[i] = (mean[i] as number) + (q[i] as number);
  let norm = 0;
  for (let i = 0; i < mean.length; i++) norm += (mean[i] as number) ** 2;
  if (norm === 0) return undefined;
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) * inv;
  return mean;
}

/** The plain mean of the queries (a task's score is its dot product with it). */
function meanOf(queries: Float32Array[]): Float32Array {
  const mean = new Float32Array(queries[0]?.length ?? 0);
  for (const q of queries) for (let i = 0; i < q.length; i++) mean[i] = (mean[i] as number) + (q[i] as number);
  for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) / queries.length;
  return mean;
}

function isZero(v: Float32Array): boolean {
  return v.every((x) => x === 0);
}

/** Scores candidates exactly as the reference store does (float64 dot products of the stored float32 values). */
function rerank(q: CheckedSearch, byMemory: Map<string, Float32Array[]>): VectorHit[] {
  const hits: VectorHit[] = [];
  for (const [id, vectors] of byMemory) {
    let forward = 0;
    for (const query of q.queries) {
      let best = Number.NEGATIVE_INFINITY;
      for (const v of vectors) best = Math.max(best, dot(query, v));
      forward += best;
    }
    forward /= q.queries.length;
    let score = forward;
    if (q.field === 'keywords') {
      let backward = 0;
      for (const v of vectors) {
        let best = Number.NEGATIVE_INFINITY;
        for (const query of q.queries) best = Math.max(best, dot(query, v));
        backward += best;
      }
      score = keywordMatchScore(forward, backward / vectors.length);
    }
    if (score >= q.minScore) hits.push({ id, score });
  }
  return hits.sort(compareHits).slice(0, q.k);
}

/** One row of a candidate statement (see `withSpace`): candidate columns are null when nothing matched. */
interface CandidateRow {
  embedder: string;
  dimension: number;
  memory_id: string | null;
  score: number | null;
  embedding: string | null;
}

/** What a candidate statement returned: the namespace's space then, and the candidates best first. */
interface Candidates {
  /** The namespace's space as the statement saw it (undefined: the namespace has none). */
  space: EmbeddingSpace | undefined;
  /** Candidate memories best first by the approximate (float32) score, each once. */
  order: Array<{ id: string; approximate: number }>;
  /** Each candidate's stored vectors of the searched field. */
  vectors: Map<string, Float32Array[]>;
}

function readCandidates(rows: CandidateRow[], dimension: number): Candidates {
  const first = rows[0];
  const space = first === undefined ? undefined : { embedder: first.embedder, dimension: first.dimension };
  const order: Candidates['order'] = [];
  const vectors = new Map<string, Float32Array[]>();
  for (const row of rows) {
    if (row.memory_id === null || row.embedding === null) continue;
    let list = vectors.get(row.memory_id);
    if (list === undefined) {
      list = [];
      vectors.set(row.memory_id, list);
      order.push({ id: row.memory_id, approximate: row.score ?? Number.NEGATIVE_INFINITY });
    }
    list.push(vectorFromPg(row.embedding, dimension));
  }
  return { space, order, vectors };
}

/** What a search found: the space the statement saw (to check and cache) and the exact hits. */
export interface PostgresSearchResult {
  /** The namespace's space when the search ran; undefined: the namespace has none (no hits). */
  space: EmbeddingSpace | undefined;
  hits: VectorHit[];
}

/**
 * The exact search: one statement (`ORDER BY distance, id LIMIT`) that returns the best `2k + 10` memories by
 * pgvector's float32 score, with their vectors and the namespace's space. pgvector's scores only pick candidates:
 * when the last of them is within twice the rounding margin of the k-th (ties, near-duplicates), a second
 * statement reads every memory down to that bound, so no memory that could tie or beat the k-th exact score is
 * left out. The final scores and order are computed exactly in JavaScript.
 */
async function exactSearch(
  run: SearchRunner,
  q: CheckedSearch,
  field: number,
  dimension: number,
): Promise<{ found: Candidates; hits: VectorHit[] }> {
  // pgvector sums in float32: its scores only pick candidates, within a margin that covers its rounding.
  const margin = Math.max(1e-6, dimension * 2e-7);
  const limit = 2 * q.k + 10;
  const floor = Number.isFinite(q.minScore) ? q.minScore - margin : null;
  const probe = q.field === 'task' ? vectorToPg(meanOf(q.queries)) : q.queries.map(vectorToPg);
  const sql = q.field === 'keywords' ? EXACT_KEYWORD_CANDIDATES : EXACT_TASK_CANDIDATES;
  const statuses = [...q.statuses];
  const fetch = async (rows: number | null, atLeast: number | null) =>
    readCandidates(
      (await run(sql, [q.namespace, field, probe, statuses, atLeast, rows, dimension])).rows as CandidateRow[],
      dimension,
    );
  let found = await fetch(limit, floor);
  const kth = found.order[q.k - 1]?.approximate;
  const last = found.order[limit - 1]?.approximate;
  if (kth !== undefined && last !== undefined && last >= kth - 2 * margin) {
    found = await fetch(null, Math.max(floor ?? Number.NEGATIVE_INFINITY, kth - 2 * margin));
  }
  return { found, hits: rerank(q, found.vectors) };
}

/** Runs one statement on the search's connection. */
export type SearchRunner = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** Where a search runs: single statements on any pooled connection, or a read-only transaction (for the ANN path). */
export interface SearchSession {
  run: SearchRunner;
  /** Runs `fn` in a read-only transaction on one connection. */
  readOnly<T>(fn: (client: pg.ClientBase) => Promise<T>): Promise<T>;
}

/**
 * One search. Namespaces whose searched rows (field and statuses) are at most `exactSearchMaxRows`, or at most the
 * candidate budget, or whose task vectors are not all in the HNSW index yet (task index state not `ready`, read in the
 * ANN transaction's first statement; see `postgres-task-index.ts`), are searched exactly ({@link exactSearch}: one statement, two when the k-th score is tied), and
 * so is every keyword search (Key=AveFact). Otherwise candidates come from one scan of the HNSW index of the
 * dimension (`hnsw.iterative_scan = relaxed_order`, so the namespace and status filters never starve the scan) with
 * the normalized mean of the queries (which ranks exactly like the mean cosine), in a read-only transaction (its
 * `SET LOCAL`s go in one statement). `rows` is the caller's (possibly cached) count of the searched rows.
 * Either way the final scores are computed in JavaScript from the stored float32 values, exactly as the
 * reference store computes them; only the ANN path may miss a memory (hence `vectorSearch: 'ann'`). The space
 * returned is the one the statement saw: the caller checks the query against it.
 */
export async function searchPostgres(options: {
  session: SearchSession;
  query: CheckedSearch;
  /** The query's dimension (the searched rows must have it). */
  dimension: number;
  rows: number;
  exactSearchMaxRows: number;
  onSearch?: (info: PostgresSearchInfo) => void;
}): Promise<PostgresSearchResult> {
  const { session, query: q, dimension, rows } = options;
  const field = q.field === 'task' ? FIELD_TASK : FIELD_KEYWORD;
  const kind = vectorIndexKind(dimension);
  const exact = async (path: PostgresSearchInfo['path']): Promise<PostgresSearchResult> => {
    const { found, hits } = await exactSearch(session.run, q, field, dimension);
    options.onSearch?.({ path, rows, candidates: found.order.length });
    return { space: found.space, hits };
  };
  const budget = Math.max(2 * q.k, q.k + 40);
  // The mean over several queries of per-query maxima (Key=AveFact) has no single nearest-neighbour form, and
  // keyword scores also count the memory's unmatched keywords (`keywordMatchScore`), which a nearest-neighbour
  // probe cannot rank either: keyword searches are always exact.
  if (kind === undefined || q.field !== 'task' || rows <= options.exactSearchMaxRows || rows <= budget) {
    return exact('exact');
  }
  const mean = meanDirection(q.queries);
  if (mean === undefined || isZero(mean)) return exact('exact');
  const answer = await session.readOnly(async (client) => {
    // The settings and the namespace's space in one statement.
    const settings = await client.query<{ embedder: string | null; dimension: number | null; ready: boolean | null }>(
      `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $2, true),
         set_config('enable_seqscan', 'off', true),
         (SELECT embedder FROM namespace_spaces WHERE namespace = $1) AS embedder,
         (SELECT dimension FROM namespace_spaces WHERE namespace = $1) AS dimension,
         (SELECT task_index = 'ready' FROM namespace_spaces WHERE namespace = $1) AS ready`,
      [q.namespace, String(Math.min(1000, Math.max(40, budget)))],
    );
    const row = settings.rows[0];
    const space =
      row?.embedder != null && row.dimension != null ? { embedder: row.embedder, dimension: row.dimension } : undefined;
    // Until the namespace's rows are all in the index (`postgres-task-index.ts`), the index would miss some of them.
    if (row?.ready !== true) return undefined;
    const r = await client.query<{ memory_id: string; embedding: string }>(annCandidateQuery(kind, dimension), [
      q.namespace,
      field,
      [...q.statuses],
      vectorToPg(mean),
      budget,
    ]);
    return { space, rows: r.rows };
  });
  if (answer === undefined) return exact('exact');
  // More than `budget` rows match, so a short answer means the index scan stopped early: be exact rather than short.
  if (answer.rows.length < budget) return exact('ann-fallback');
  const vectors = new Map<string, Float32Array[]>();
  for (const row of answer.rows) vectors.set(row.memory_id, [vectorFromPg(row.embedding, dimension)]);
  options.onSearch?.({ path: 'ann', rows, candidates: vectors.size });
  return { space: answer.space, hits: rerank(q, vectors) };
}
