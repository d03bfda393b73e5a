import { MempError } from '../../../core/errors.js';
import type { Memory } from '../../../core/memory.js';
import type { MemoryVectors, NamespaceStats } from '../../../ports/memory-store.js';
import type { CheckedListQuery } from '../shared/store-validation.js';
import { memoryFromRow } from '../shared/stored-json.js';
import type { PostgresSession } from './postgres-session.js';
import { vectorFromPg } from './postgres-vector-text.js';
import { FIELD_TASK } from './postgres-writes.js';

function count(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
}

/** The memories with these ids, in the order given; unknown ids are left out. */
export async function readMemories(
  session: PostgresSession,
  query: { namespace: string; ids: readonly string[] },
): Promise<Memory[]> {
  const r = await session.query<{ id: string; body: string }>(
    'SELECT id, body FROM memories WHERE namespace = $1 AND id = ANY($2::text[])',
    [query.namespace, [...query.ids]],
  );
  const byId = new Map(r.rows.map((row) => [row.id, row.body]));
  const out: Memory[] = [];
  for (const id of query.ids) {
    const body = byId.get(id);
    if (body !== undefined) out.push(memoryFromRow(body));
  }
  return out;
}

/** A page of memories in creation order; an unknown `after` cursor is `INVALID_ARGUMENT`. */
export async function listMemories(session: PostgresSession, q: CheckedListQuery): Promise<Memory[]> {
  const where = ['namespace = $1'];
  const values: unknown[] = [q.namespace];
  if (q.status !== undefined) where.push(`status = $${values.push(q.status)}`);
  if (q.kind !== undefined) where.push(`kind = $${values.push(q.kind)}`);
  if (q.after !== undefined) {
    const cursor = await session.query<{ created_at: string }>(
      'SELECT created_at FROM memories WHERE namespace = $1 AND id = $2',
      [q.namespace, q.after],
    );
    const createdAt = cursor.rows[0]?.created_at;
    if (createdAt === undefined) {
      throw new MempError('INVALID_ARGUMENT', `unknown cursor ${q.after}`, { details: { field: 'after' } });
    }
    const c = values.push(createdAt);
    const a = values.push(q.after);
    where.push(`(created_at > $${c} OR (created_at = $${c} AND id > $${a}))`);
  }
  const limit = values.push(q.limit);
  const r = await session.query<{ body: string }>(
    `SELECT body FROM memories WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT $${limit}`,
    values,
  );
  return r.rows.map((row) => memoryFromRow(row.body));
}

/** The stored vectors of these memories (task first, then keywords in order); memories without any are left out. */
export async function readVectors(
  session: PostgresSession,
  query: { namespace: string; ids: readonly string[] },
): Promise<Map<string, MemoryVectors>> {
  const r = await session.query<{ memory_id: string; field: number; dimension: number; embedding: string }>(
    `SELECT memory_id, field, dimension, embedding::text AS embedding FROM memory_vectors
     WHERE namespace = $1 AND memory_id = ANY($2::text[]) ORDER BY memory_id, field, ordinal`,
    [query.namespace, [...query.ids]],
  );
  const out = new Map<string, MemoryVectors>();
  const keywords = new Map<string, Float32Array[]>();
  for (const row of r.rows) {
    const v = vectorFromPg(row.embedding, row.dimension);
    if (row.field === FIELD_TASK) out.set(row.memory_id, { task: v, keywords: keywords.get(row.memory_id) ?? [] });
    else {
      const list = keywords.get(row.memory_id) ?? [];
      list.push(v);
      keywords.set(row.memory_id, list);
      const entry = out.get(row.memory_id);
      if (entry !== undefined) entry.keywords = list;
    }
  }
  return out;
}

/** A namespace's counts, in one statement. */
export async function readStats(session: PostgresSession, namespace: string): Promise<NamespaceStats> {
  const r = await session.query<Record<string, unknown>>(
    `SELECT
       (SELECT count(*) FROM memories WHERE namespace = $1) AS memories,
       (SELECT count(*) FROM memories WHERE namespace = $1 AND status = 'active') AS active,
       (SELECT count(*) FROM memories WHERE namespace = $1 AND status = 'deprecated') AS deprecated,
       (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'trajectory') AS trajectory,
       (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'script') AS script,
       (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'proceduralization') AS proceduralization,
       (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'lesson') AS lesson,
       (SELECT count(*) FROM trajectories WHERE namespace = $1) AS trajectories,
       (SELECT count(*) FROM revisions WHERE namespace = $1) AS revisions,
       s.embedder, s.dimension
     FROM (SELECT 1) AS one LEFT JOIN namespace_spaces AS s ON s.namespace = $1`,
    [namespace],
  );
  const row = r.rows[0] ?? {};
  const stats: NamespaceStats = {
    memories: count(row['memories']),
    active: count(row['active']),
    deprecated: count(row['deprecated']),
    byKind: {
      trajectory: count(row['trajectory']),
      script: count(row['script']),
      proceduralization: count(row['proceduralization']),
      lesson: count(row['lesson']),
    },
    trajectories: count(row['trajectories']),
    revisions: count(row['revisions']),
  };
  if (typeof row['embedder'] === 'string' && typeof row['dimension'] === 'number') {
    stats.space = { embedder: row['embedder'], dimension: row['dimension'] };
  }
  return stats;
}
