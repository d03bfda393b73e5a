import type pg from 'pg';
import type { Memory } from '../../../core/memory.js';
import type { ChangeSet, EmbeddingSpace, MemoryVectors, Reembedding } from '../../../ports/memory-store.js';
import { planChange } from '../shared/plan-change.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { planReembed } from '../shared/plan-reembed.js';
import type { ReembedPlan } from '../shared/plan-reembed.js';
import { checkNamespace } from '../shared/store-validation.js';
import { memoryFromRow } from '../shared/stored-json.js';
import { ensureVectorIndex } from './postgres-vector-index.js';
import { vectorToPg } from './postgres-vector-text.js';

/** `memory_vectors.field` of the task vector. */
export const FIELD_TASK = 0;
/** `memory_vectors.field` of keyword vectors. */
export const FIELD_KEYWORD = 1;

/**
 * Serializes writers of one namespace for the rest of the transaction (a transaction-level advisory lock on a
 * hash of the namespace; a hash collision only serializes two namespaces needlessly). Under it, a change is
 * planned against committed state that cannot move, so version checks, usage increments and the space check
 * are exact across processes, as SQLite's `BEGIN IMMEDIATE` makes them.
 */
export async function lockNamespace(client: pg.ClientBase, namespace: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [namespace]);
}

/** The space recorded for a namespace. */
export async function readSpace(client: pg.ClientBase, namespace: string): Promise<EmbeddingSpace | undefined> {
  const r = await client.query<{ embedder: string; dimension: number }>(
    'SELECT embedder, dimension FROM namespace_spaces WHERE namespace = $1',
    [namespace],
  );
  const row = r.rows[0];
  return row === undefined ? undefined : { embedder: row.embedder, dimension: row.dimension };
}

function stringsOf(list: unknown, pick: (x: unknown) => unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map(pick).filter((x): x is string => typeof x === 'string');
}

async function insertVectors(
  client: pg.ClientBase,
  namespace: string,
  dimension: number,
  entries: Array<{ id: string; status: string; vectors: MemoryVectors }>,
): Promise<void> {
  const ids: string[] = [];
  const fields: number[] = [];
  const ordinals: number[] = [];
  const statuses: string[] = [];
  const embeddings: string[] = [];
  for (const { id, status, vectors } of entries) {
    const rows: Array<[number, number, Float32Array]> = [
      [FIELD_TASK, 0, vectors.task],
      ...vectors.keywords.map((k, i): [number, number, Float32Array] => [FIELD_KEYWORD, i, k]),
    ];
    for (const [field, ordinal, v] of rows) {
      ids.push(id);
      fields.push(field);
      ordinals.push(ordinal);
      statuses.push(status);
      embeddings.push(vectorToPg(v));
    }
  }
  if (ids.length === 0) return;
  await client.query(
    `INSERT INTO memory_vectors (namespace, memory_id, field, ordinal, status, dimension, embedding)
     SELECT $1, u.id, u.field, u.ordinal, u.status, $2, u.embedding::vector
     FROM unnest($3::text[], $4::smallint[], $5::integer[], $6::text[], $7::text[]) AS u(id, field, ordinal, status, embedding)`,
    [namespace, dimension, ids, fields, ordinals, statuses, embeddings],
  );
}

async function updateBodies(client: pg.ClientBase, namespace: string, memories: Memory[]): Promise<void> {
  if (memories.length === 0) return;
  await client.query(
    `UPDATE memories AS m SET status = u.status, kind = u.kind, version = u.version, body = u.body
     FROM unnest($2::text[], $3::text[], $4::text[], $5::integer[], $6::text[]) AS u(id, status, kind, version, body)
     WHERE m.namespace = $1 AND m.id = u.id`,
    [
      namespace,
      memories.map((m) => m.id),
      memories.map((m) => m.status),
      memories.map((m) => m.kind),
      memories.map((m) => m.version),
      memories.map((m) => JSON.stringify(m)),
    ],
  );
}

/**
 * Plans (with the shared `planChange`) and writes one change. Must run inside a transaction: it takes the
 * namespace lock, reads the memories and trajectories the change names, plans, and writes everything with a
 * handful of batched statements.
 */
export async function writeChange(client: pg.ClientBase, change: ChangeSet): Promise<ChangePlan> {
  const namespace = checkNamespace(change?.namespace);
  await lockNamespace(client, namespace);
  const memoryIds = [
    ...stringsOf(change.create, (c) => (c as { memory?: { id?: unknown } } | undefined)?.memory?.id),
    ...stringsOf(change.update, (u) => (u as { id?: unknown } | undefined)?.id),
    ...stringsOf(change.usage, (u) => (u as { id?: unknown } | undefined)?.id),
    ...stringsOf(change.delete, (d) => (d as { id?: unknown } | undefined)?.id),
    ...stringsOf(change.evidence, (e) => (e as { memoryId?: unknown } | undefined)?.memoryId),
  ];
  const trajectoryIds = stringsOf(change.trajectories, (t) => (t as { id?: unknown } | undefined)?.id);
  const stored = await client.query<{ id: string; body: string }>(
    'SELECT id, body FROM memories WHERE namespace = $1 AND id = ANY($2::text[])',
    [namespace, [...new Set(memoryIds)]],
  );
  const memories = new Map(stored.rows.map((r) => [r.id, memoryFromRow(r.body)]));
  const existing = await client.query<{ id: string }>(
    'SELECT id FROM trajectories WHERE namespace = $1 AND id = ANY($2::text[])',
    [namespace, trajectoryIds],
  );
  const trajectories = new Set(existing.rows.map((r) => r.id));
  const evidenceIds = stringsOf(change.evidence, (e) => (e as { id?: unknown } | undefined)?.id);
  const storedEvidence = await client.query<{ id: string }>(
    'SELECT id FROM memory_evidence WHERE namespace = $1 AND id = ANY($2::text[])',
    [namespace, evidenceIds],
  );
  const evidence = new Set(storedEvidence.rows.map((r) => r.id));
  const space = await readSpace(client, namespace);
  const plan = planChange(change, {
    space,
    memory: (id) => memories.get(id),
    hasTrajectory: (id) => trajectories.has(id),
    hasEvidence: (id) => evidence.has(id),
  });
  const dimension = (plan.newSpace ?? space ?? change.space)?.dimension ?? 0;
  if (plan.newSpace !== undefined) {
    await ensureVectorIndex(client, plan.newSpace.dimension);
    await client.query(
      `INSERT INTO namespace_spaces (namespace, embedder, dimension) VALUES ($1, $2, $3)
       ON CONFLICT (namespace) DO UPDATE SET embedder = excluded.embedder, dimension = excluded.dimension`,
      [namespace, plan.newSpace.embedder, plan.newSpace.dimension],
    );
  }
  if (plan.trajectories.length > 0) {
    await client.query(
      'INSERT INTO trajectories (namespace, id, body) SELECT $1, * FROM unnest($2::text[], $3::text[])',
      [namespace, plan.trajectories.map((t) => t.id), plan.trajectories.map((t) => JSON.stringify(t))],
    );
  }
  const created: Memory[] = [];
  const changed: Memory[] = [];
  const replaced: string[] = [];
  const withVectors: Array<{ id: string; status: string; vectors: MemoryVectors }> = [];
  for (const [id, p] of plan.memories) {
    (p.isNew ? created : changed).push(p.memory);
    if (p.vectors !== undefined) {
      if (!p.isNew) replaced.push(id);
      withVectors.push({ id, status: p.memory.status, vectors: p.vectors });
    }
  }
  if (created.length > 0) {
    await client.query(
      `INSERT INTO memories (namespace, id, status, kind, created_at, version, body)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[])`,
      [
        namespace,
        created.map((m) => m.id),
        created.map((m) => m.status),
        created.map((m) => m.kind),
        created.map((m) => m.createdAt),
        created.map((m) => m.version),
        created.map((m) => JSON.stringify(m)),
      ],
    );
  }
  await updateBodies(client, namespace, changed);
  if (replaced.length > 0) {
    await client.query('DELETE FROM memory_vectors WHERE namespace = $1 AND memory_id = ANY($2::text[])', [
      namespace,
      replaced,
    ]);
  }
  await insertVectors(client, namespace, dimension, withVectors);
  if (changed.length > 0) {
    await client.query(
      `UPDATE memory_vectors AS v SET status = u.status
       FROM unnest($2::text[], $3::text[]) AS u(id, status)
       WHERE v.namespace = $1 AND v.memory_id = u.id AND v.status <> u.status`,
      [namespace, changed.map((m) => m.id), changed.map((m) => m.status)],
    );
  }
  if (plan.revisions.length > 0) {
    await client.query(
      'INSERT INTO revisions (namespace, memory_id, version, body) SELECT $1, u.memory_id, u.version, u.body FROM unnest($2::text[], $3::integer[], $4::text[]) WITH ORDINALITY AS u(memory_id, version, body, n) ORDER BY n',
      [
        namespace,
        plan.revisions.map((r) => r.memoryId),
        plan.revisions.map((r) => r.version),
        plan.revisions.map((r) => JSON.stringify(r)),
      ],
    );
  }
  if (plan.evidence.length > 0) {
    await client.query(
      'INSERT INTO memory_evidence (namespace, id, memory_id, kind, body) SELECT $1, u.id, u.memory_id, u.kind, u.body FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(id, memory_id, kind, body, n) ORDER BY n',
      [
        namespace,
        plan.evidence.map((e) => e.id),
        plan.evidence.map((e) => e.memoryId),
        plan.evidence.map((e) => e.kind),
        plan.evidence.map((e) => JSON.stringify(e)),
      ],
    );
  }
  if (plan.deleted.length > 0) {
    // A deleted memory goes with its vectors, history and evidence; the trajectories it was built from stay.
    for (const table of ['memory_vectors', 'revisions', 'memory_evidence']) {
      await client.query(`DELETE FROM ${table} WHERE namespace = $1 AND memory_id = ANY($2::text[])`, [
        namespace,
        plan.deleted,
      ]);
    }
    await client.query('DELETE FROM memories WHERE namespace = $1 AND id = ANY($2::text[])', [namespace, plan.deleted]);
  }
  return plan;
}

/** Plans (with the shared `planReembed`) and writes a re-embedding. Must run inside a transaction. */
export async function writeReembed(client: pg.ClientBase, change: Reembedding): Promise<ReembedPlan> {
  const namespace = checkNamespace(change?.namespace);
  await lockNamespace(client, namespace);
  const rows = await client.query<{ body: string }>(
    'SELECT body FROM memories WHERE namespace = $1 ORDER BY created_at, id',
    [namespace],
  );
  const plan = planReembed(change, { memories: rows.rows.map((r) => memoryFromRow(r.body)) });
  if (plan.memories.length === 0) return plan;
  await ensureVectorIndex(client, plan.space.dimension);
  await client.query('DELETE FROM memory_vectors WHERE namespace = $1', [namespace]);
  await updateBodies(client, namespace, plan.memories);
  const entries = plan.memories.flatMap((m) => {
    const vectors = plan.vectors.get(m.id);
    return vectors === undefined ? [] : [{ id: m.id, status: m.status, vectors }];
  });
  await insertVectors(client, namespace, plan.space.dimension, entries);
  await client.query(
    `INSERT INTO namespace_spaces (namespace, embedder, dimension) VALUES ($1, $2, $3)
     ON CONFLICT (namespace) DO UPDATE SET embedder = excluded.embedder, dimension = excluded.dimension`,
    [namespace, plan.space.embedder, plan.space.dimension],
  );
  return plan;
}
