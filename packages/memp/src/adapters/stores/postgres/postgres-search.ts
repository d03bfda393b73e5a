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
   * scan stopped before it had enough candidates (e.g. `hnsw.max_scan_tuples`), so the search ran exactly.
   */
  path: 'exact' | 'ann' | 'ann-fallback';
  /** Rows of the namespace's field with a searched status, counted up to `exactSearchMaxRows + 1`. */
  rows: number;
  /** Memories whose exact score was computed. */
  candidates: number;
}

/**
 * The ANN candidate query for one dimension: rows of one namespace, field and statuses, nearest first by cosine
 * distance through the partial HNSW index of that dimension. `$1` namespace, `$2` field, `$3` statuses, `$4` the
 * query vector (text), `$5` the limit. The namespace test is written `(namespace || '') = $1` on purpose: it
 * keeps the planner from answering through the b-tree on `namespace` (the store decides exact vs ANN itself),
 * and `hnsw.iterative_scan` makes the index scan go on until `$5` rows pass the filters.
 */
export function annCandidateQuery(kind: VectorIndexKind, dimension: number): string {
  const cast = `${kind.element}(${dimension})`;
  return `SELECT v.memory_id FROM memory_vectors AS v
    WHERE (v.namespace || '') = $1 AND v.field = $2 AND v.status = ANY($3::text[]) AND v.dimension = ${dimension}
    ORDER BY v.embedding::${cast} <=> $4::${cast}
    LIMIT $5`;
}

// `q` is MATERIALIZED so that each query vector is parsed once, not once per row (inlined, the text-to-vector
// cast ran inside the join and cost 97% of the query at 512 dimensions).
const QUERY_VECTORS = `q AS MATERIALIZED (SELECT n, e::vector AS e FROM unnest($3::text[]) WITH ORDINALITY AS t(e, n))`;

/** Keeps the top `$6` scores (and ties within the margin `$7`) of `scored`, above the minimum score `$5`. */
const RANKED = `
  ranked AS (
    SELECT memory_id, score, row_number() OVER (ORDER BY score DESC, memory_id) AS rn
    FROM scored WHERE $5::float8 IS NULL OR score >= $5::float8
  )
  SELECT memory_id FROM ranked WHERE score >= (SELECT min(score) FROM ranked WHERE rn <= $6) - $7`;

/** Task search: the mean over the queries of the cosine to the memory's task vector. */
const EXACT_TASK_CANDIDATES = `
  WITH ${QUERY_VECTORS},
  best AS (
    SELECT v.memory_id, q.n, max(-(v.embedding <#> q.e)) AS s
    FROM memory_vectors AS v CROSS JOIN q
    WHERE v.namespace = $1 AND v.field = $2 AND v.status = ANY($4::text[])
    GROUP BY v.memory_id, q.n
  ),
  scored AS (SELECT memory_id, avg(s) AS score FROM best GROUP BY memory_id),${RANKED}`;

/**
 * Keyword search (Key=AveFact): `keywordMatchScore` of the forward score (mean over the queries of the best match
 * among the memory's keywords) and the backward score (mean over the memory's keywords of the best match among the
 * queries), computed in SQL the same way as in `rerank`.
 */
const EXACT_KEYWORD_CANDIDATES = `
  WITH ${QUERY_VECTORS},
  pairs AS MATERIALIZED (
    SELECT v.memory_id, v.ordinal, q.n, -(v.embedding <#> q.e) AS s
    FROM memory_vectors AS v CROSS JOIN q
    WHERE v.namespace = $1 AND v.field = $2 AND v.status = ANY($4::text[])
  ),
  fwd AS (SELECT memory_id, avg(m) AS f FROM (SELECT memory_id, n, max(s) AS m FROM pairs GROUP BY memory_id, n) AS x GROUP BY memory_id),
  bwd AS (SELECT memory_id, avg(m) AS b FROM (SELECT memory_id, ordinal, max(s) AS m FROM pairs GROUP BY memory_id, ordinal) AS y GROUP BY memory_id),
  scored AS (
    SELECT fwd.memory_id, CASE WHEN f <= 0 OR b <= 0 THEN least(f, b) ELSE 2 * f * b / (f + b) END AS score
    FROM fwd JOIN bwd USING (memory_id)
  ),${RANKED}`;

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

function isZero(v: Float32Array): boolean {
  return v.every((x) => x === 0);
}

/** Scores candidates exactly as the reference store does (float64 dot products of the stored float32 values). */
async function rerank(
  client: pg.ClientBase,
  q: CheckedSearch,
  field: number,
  dimension: number,
  candidates: string[],
): Promise<VectorHit[]> {
  if (candidates.length === 0) return [];
  const rows = await client.query<{ memory_id: string; embedding: string }>(
    `SELECT memory_id, embedding::text AS embedding FROM memory_vectors
     WHERE namespace = $1 AND field = $2 AND status = ANY($3::text[]) AND memory_id = ANY($4::text[])`,
    [q.namespace, field, [...q.statuses], candidates],
  );
  const byMemory = new Map<string, Float32Array[]>();
  for (const r of rows.rows) {
    const list = byMemory.get(r.memory_id) ?? [];
    list.push(vectorFromPg(r.embedding, dimension));
    byMemory.set(r.memory_id, list);
  }
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

async function exactCandidates(
  client: pg.ClientBase,
  q: CheckedSearch,
  field: number,
  dimension: number,
): Promise<string[]> {
  // pgvector sums in float32: its scores only pick candidates, within a margin that covers its rounding.
  const margin = Math.max(1e-6, dimension * 2e-7);
  const r = await client.query<{ memory_id: string }>(
    q.field === 'keywords' ? EXACT_KEYWORD_CANDIDATES : EXACT_TASK_CANDIDATES,
    [
      q.namespace,
      field,
      q.queries.map(vectorToPg),
      [...q.statuses],
      Number.isFinite(q.minScore) ? q.minScore - margin : null,
      q.k,
      margin,
    ],
  );
  return r.rows.map((row) => row.memory_id);
}

/**
 * One search, inside a read-only REPEATABLE READ transaction of `client`. Namespaces whose searched rows
 * (field and statuses) are at most `exactSearchMaxRows`, or at most the candidate budget, are scored exactly in
 * SQL, and so is every keyword search with several queries (Key=AveFact). Otherwise candidates come from one scan
 * of the HNSW index of the dimension (`hnsw.iterative_scan = relaxed_order`, so the namespace and status filters
 * never starve the scan): with the query for a one-query keyword search, with the normalized mean of the queries
 * for a task search (which ranks exactly like the mean cosine).
 * Either way the final scores are computed in JavaScript from the stored float32 values, exactly as the
 * reference store computes them; only the ANN path may miss a memory (hence `vectorSearch: 'ann'`).
 */
export async function searchPostgres(options: {
  client: pg.ClientBase;
  query: CheckedSearch;
  space: EmbeddingSpace;
  exactSearchMaxRows: number;
  onSearch?: (info: PostgresSearchInfo) => void;
}): Promise<VectorHit[]> {
  const { client, query: q, space } = options;
  const field = q.field === 'task' ? FIELD_TASK : FIELD_KEYWORD;
  const statuses = [...q.statuses];
  const kind = vectorIndexKind(space.dimension);
  const report = async (path: PostgresSearchInfo['path'], rows: number, candidates: string[]) => {
    const hits = await rerank(client, q, field, space.dimension, candidates);
    options.onSearch?.({ path, rows, candidates: candidates.length });
    return hits;
  };
  const budget = q.field === 'task' ? Math.max(2 * q.k, q.k + 40) : Math.max(4 * q.k, q.k + 40);
  let rows = 0;
  if (kind !== undefined && Number.isFinite(options.exactSearchMaxRows)) {
    const cap = Math.max(options.exactSearchMaxRows, budget) + 1;
    const counted = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM memory_vectors WHERE namespace = $1 AND field = $2 AND status = ANY($3::text[]) LIMIT $4) AS c',
      [q.namespace, field, statuses, cap],
    );
    rows = Number(counted.rows[0]?.n ?? 0);
  }
  // The mean over several queries of per-query maxima (Key=AveFact) has no single nearest-neighbour form, and
  // per-query candidates miss memories that match every query moderately (measured recall@10 ~0.25 with the
  // hashing embedder, where many memories share identical keyword vectors): such searches are always exact.
  // Keyword scores also count the memory's unmatched keywords (`keywordMatchScore`), which a nearest-neighbour probe
  // cannot rank either: keyword searches are always exact.
  const singleProbe = q.field === 'task';
  if (kind === undefined || !singleProbe || rows <= options.exactSearchMaxRows || rows <= budget) {
    return report('exact', rows, await exactCandidates(client, q, field, space.dimension));
  }
  const mean = q.field === 'task' ? meanDirection(q.queries) : undefined;
  const probes = (mean !== undefined ? [mean] : q.queries).filter((v) => !isZero(v));
  if (probes.length === 0) return report('exact', rows, await exactCandidates(client, q, field, space.dimension));
  await client.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
  await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(40, budget))}`);
  await client.query('SET LOCAL enable_seqscan = off');
  const sql = annCandidateQuery(kind, space.dimension);
  const candidates = new Set<string>();
  for (const probe of probes) {
    const r = await client.query<{ memory_id: string }>(sql, [q.namespace, field, statuses, vectorToPg(probe), budget]);
    if (r.rows.length < budget) {
      // More than `budget` rows match, so the index scan stopped early: be exact rather than short.
      return report('ann-fallback', rows, await exactCandidates(client, q, field, space.dimension));
    }
    for (const row of r.rows) candidates.add(row.memory_id);
  }
  return report('ann', rows, [...candidates]);
}
