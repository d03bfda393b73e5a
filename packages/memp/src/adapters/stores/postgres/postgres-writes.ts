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
import { WriteStatement } from './postgres-write-statement.js';
import { addLearnRecords } from './postgres-learn-records.js';
import { addLexicon } from './postgres-lexicon.js';

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

/** Anything that runs one statement: a connection or the store's session (any pooled connection). */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Where a namespace's task vectors stand with the HNSW index (`namespace_spaces.task_index`, see
 * `postgres-task-index.ts`): `none` (written unflagged, searched exactly), `filling` (new rows flagged, older ones
 * being flagged), `ready` (every row flagged: the index may answer its searches).
 */
export type TaskIndexState = 'none' | 'filling' | 'ready';

/** How the writers of a store flag the rows they write. */
export interface WriteOptions {
  /**
   * A namespace written for the first time starts `ready` (every task vector indexed from the start) rather than
   * `none`: for stores that search the index from the first rows (`taskIndexFillRows` 0).
   */
  indexNewNamespaces?: boolean;
}

/** Whether rows written to a namespace in this state go into the HNSW index. */
function flagsRows(state: TaskIndexState): boolean {
  return state !== 'none';
}

function initialTaskIndex(options: WriteOptions): TaskIndexState {
  return options.indexNewNamespaces === true ? 'ready' : 'none';
}

/** The space recorded for a namespace. */
export async function readSpace(client: Queryable, namespace: string): Promise<EmbeddingSpace | undefined> {
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

/** The rows of `memory_vectors` for these memories (task first, then keywords), as parallel arrays. */
function vectorRows(entries: Array<{ id: string; status: string; vectors: MemoryVectors }>) {
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
  return { ids, fields, ordinals, statuses, embeddings };
}

async function insertVectors(
  client: pg.ClientBase,
  namespace: string,
  dimension: number,
  indexed: boolean,
  entries: Array<{ id: string; status: string; vectors: MemoryVectors }>,
): Promise<void> {
  const { ids, fields, ordinals, statuses, embeddings } = vectorRows(entries);
  if (ids.length === 0) return;
  await client.query(
    `INSERT INTO memory_vectors (namespace, memory_id, field, ordinal, status, dimension, embedding, indexed)
     SELECT $1, u.id, u.field, u.ordinal, u.status, $2, u.embedding::vector, u.field = ${FIELD_TASK} AND $8::boolean
     FROM unnest($3::text[], $4::smallint[], $5::integer[], $6::text[], $7::text[]) AS u(id, field, ordinal, status, embedding)`,
    [namespace, dimension, ids, fields, ordinals, statuses, embeddings, indexed],
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

/** What a change needs to read before it is planned, and what planning it against earlier changes updates. */
interface ChangeState {
  memories: Map<string, Memory>;
  trajectories: Set<string>;
  evidence: Set<string>;
  space: EmbeddingSpace | undefined;
  /** The namespace's task index state (for a namespace without a space yet: the one it will start in). */
  taskIndex: TaskIndexState;
}

/** The ids a change names (anything malformed is skipped here and refused by the planner). */
interface ChangeIds {
  memories: string[];
  trajectories: string[];
  evidence: string[];
}

function idsOf(change: ChangeSet): ChangeIds {
  const memoryIds = [
    ...stringsOf(change.create, (c) => (c as { memory?: { id?: unknown } } | undefined)?.memory?.id),
    ...stringsOf(change.update, (u) => (u as { id?: unknown } | undefined)?.id),
    ...stringsOf(change.usage, (u) => (u as { id?: unknown } | undefined)?.id),
    ...stringsOf(change.delete, (d) => (d as { id?: unknown } | undefined)?.id),
    ...stringsOf(change.evidence, (e) => (e as { memoryId?: unknown } | undefined)?.memoryId),
  ];
  return {
    memories: [...new Set(memoryIds)],
    trajectories: stringsOf(change.trajectories, (t) => (t as { id?: unknown } | undefined)?.id),
    evidence: stringsOf(change.evidence, (e) => (e as { id?: unknown } | undefined)?.id),
  };
}

/** A statement with its parameters. */
export interface StatementText {
  text: string;
  values: unknown[];
}

/** One row of {@link changeStateRead}. */
type ChangeStateRow = { kind: string; id: string; body: string | null; dimension: number | null };

/**
 * The statement that reads the namespace's stored state `changes` need: the memories, trajectories and evidence
 * records they name and the namespace's space. Sent as the write transaction's first read
 * (`TransactionOptions.firstRead`), in the round trip of BEGIN and the namespace lock, so its snapshot is taken after
 * the lock was granted; {@link writeChange} and {@link writeChanges} plan against its rows.
 */
export function changeStateRead(namespace: string, changes: readonly ChangeSet[]): StatementText {
  const all = changes.map(idsOf);
  return {
    text: `SELECT 'm' AS kind, id, body, NULL::integer AS dimension FROM memories WHERE namespace = $1 AND id = ANY($2::text[])
     UNION ALL SELECT 't', id, NULL, NULL FROM trajectories WHERE namespace = $1 AND id = ANY($3::text[])
     UNION ALL SELECT 'e', id, NULL, NULL FROM memory_evidence WHERE namespace = $1 AND id = ANY($4::text[])
     UNION ALL SELECT 's', embedder, task_index, dimension FROM namespace_spaces WHERE namespace = $1`,
    values: [
      namespace,
      [...new Set(all.flatMap((ids) => ids.memories))],
      [...new Set(all.flatMap((ids) => ids.trajectories))],
      [...new Set(all.flatMap((ids) => ids.evidence))],
    ],
  };
}

/** The state in the rows of {@link changeStateRead}. */
function changeStateFrom(rows: readonly unknown[], options: WriteOptions): ChangeState {
  const state: ChangeState = {
    memories: new Map(),
    trajectories: new Set(),
    evidence: new Set(),
    space: undefined,
    taskIndex: initialTaskIndex(options),
  };
  for (const row of rows as ChangeStateRow[]) {
    if (row.kind === 'm' && row.body !== null) state.memories.set(row.id, memoryFromRow(row.body));
    else if (row.kind === 't') state.trajectories.add(row.id);
    else if (row.kind === 'e') state.evidence.add(row.id);
    else if (row.kind === 's' && row.dimension !== null) {
      state.space = { embedder: row.id, dimension: row.dimension };
      state.taskIndex = (row.body ?? 'none') as TaskIndexState;
    }
  }
  return state;
}

function planAgainst(change: ChangeSet, state: ChangeState): ChangePlan {
  return planChange(change, {
    space: state.space,
    memory: (id) => state.memories.get(id),
    hasTrajectory: (id) => state.trajectories.has(id),
    hasEvidence: (id) => state.evidence.has(id),
  });
}

/** Moves `state` past a written change, so that the next change of a batch is planned as if after its commit. */
function advanceState(state: ChangeState, plan: ChangePlan): void {
  for (const [id, p] of plan.memories) state.memories.set(id, p.memory);
  for (const id of plan.deleted) state.memories.delete(id);
  for (const t of plan.trajectories) state.trajectories.add(t.id);
  for (const e of plan.evidence) state.evidence.add(e.id);
  if (plan.newSpace !== undefined) state.space = plan.newSpace;
}

/**
 * Plans (with the shared `planChange`) and writes one change. Must run inside a transaction that already holds
 * the namespace lock (`TransactionOptions.lockNamespace`), given the rows its first read returned
 * (`TransactionOptions.firstRead`: {@link changeStateRead} of this change): it plans against them and writes (see
 * {@link writePlan}).
 */
export async function writeChange(
  client: pg.ClientBase,
  change: ChangeSet,
  stateRows: readonly unknown[],
  options: WriteOptions = {},
): Promise<ChangePlan> {
  checkNamespace(change?.namespace);
  const state = changeStateFrom(stateRows, options);
  const plan = planAgainst(change, state);
  const sent = new StatementPipeline(client);
  await writePlan(sent, client, change, plan, state);
  await sent.settle();
  return plan;
}

/** What became of one change of a batch: its plan (written), or the error its planning threw (nothing written). */
export type BatchedChange = { ok: true; value: ChangePlan } | { ok: false; error: unknown };

/**
 * Plans and writes several changes of `namespace`, in order, in the caller's transaction (which holds the
 * namespace lock), given the rows of its first read ({@link changeStateRead} of all of them): each is planned against
 * that state moved past
 * the changes before it (so version checks, usage counts and duplicate ids see the earlier ones exactly as if each
 * had committed alone) and written. A change whose planning fails (`CONFLICT`, `INVALID_ARGUMENT`, ...) is left
 * out with its error and the others go on; a failing write throws (the caller rolls the batch back and applies
 * the changes one by one instead, so one bad change never takes the others with it).
 */
export async function writeChanges(
  client: pg.ClientBase,
  namespace: string,
  changes: readonly ChangeSet[],
  stateRows: readonly unknown[],
  options: WriteOptions = {},
): Promise<BatchedChange[]> {
  const state = changeStateFrom(stateRows, options);
  const outcomes: BatchedChange[] = [];
  const sent = new StatementPipeline(client);
  for (const change of changes) {
    let plan: ChangePlan;
    try {
      if (checkNamespace(change?.namespace) !== namespace)
        throw new Error(`a change of "${change.namespace}" in a batch of "${namespace}"`);
      plan = planAgainst(change, state);
    } catch (error) {
      outcomes.push({ ok: false, error });
      continue;
    }
    await writePlan(sent, client, change, plan, state);
    advanceState(state, plan);
    outcomes.push({ ok: true, value: plan });
  }
  await sent.settle();
  return outcomes;
}

/**
 * Statements sent on one connection without waiting for each result: the driver sends the next as soon as the
 * previous one completes, inside its socket handler, instead of after a turn of an event loop that a busy server
 * keeps full of searches (which made a batch of a dozen learns wait about 100 ms between its statements).
 * {@link settle} waits for all of them and throws the first failure in sending order (after a failure the
 * database refuses the rest of the transaction, so the later ones fail too and are not reported).
 */
class StatementPipeline {
  private pending: Promise<unknown>[] = [];

  constructor(private readonly client: pg.ClientBase) {}

  /** Sends `statement` after those sent before it; its row check runs when its result arrives. */
  send(statement: PlannedStatement): void {
    this.pending.push(this.client.query(statement.text, statement.values).then((r) => statement.check?.(r.rows[0])));
  }

  /** Waits for every statement sent; throws the first failure in sending order. */
  async settle(): Promise<void> {
    const results = await Promise.allSettled(this.pending);
    this.pending = [];
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

/** One statement of a planned change: its text, its parameters and an optional check of its first row. */
interface PlannedStatement {
  text: string;
  values?: unknown[];
  check?: (row: unknown) => void;
}

/**
 * Writes a planned change: everything in one statement of data-modifying CTEs, plus a statement before it when
 * vectors are replaced and one per table when memories are deleted (their rows must be gone before rows with the
 * same key are written, which one statement cannot order), sent on `sent` (settle it to wait for them). `state`:
 * what the change was planned against.
 */
async function writePlan(
  sent: StatementPipeline,
  client: pg.ClientBase,
  change: ChangeSet,
  plan: ChangePlan,
  state: ChangeState,
): Promise<void> {
  if (plan.newSpace !== undefined) {
    // Creating the dimension's index reads and waits: everything sent before it is settled first.
    await sent.settle();
    await ensureVectorIndex(client, plan.newSpace.dimension);
  }
  for (const statement of planStatements(change, plan, state)) sent.send(statement);
}

/**
 * The statements that write a planned change, in order (see {@link writePlan}); `state`: what it was planned
 * against. Built without a round trip, so a batch can send them back to back.
 */
function planStatements(change: ChangeSet, plan: ChangePlan, state: ChangeState): PlannedStatement[] {
  const statements: PlannedStatement[] = [];
  const namespace = plan.namespace;
  const dimension = (plan.newSpace ?? state.space ?? change.space)?.dimension ?? 0;
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
  if (replaced.length > 0) {
    statements.push({
      text: 'DELETE FROM memory_vectors WHERE namespace = $1 AND memory_id = ANY($2::text[])',
      values: [namespace, replaced],
    });
  }
  const w = new WriteStatement();
  const ns = w.param(namespace);
  if (plan.newSpace !== undefined) {
    // A namespace that had a space keeps its task index state (`ON CONFLICT` leaves it); a new one starts in `state`'s.
    w.add(`INSERT INTO namespace_spaces (namespace, embedder, dimension, task_index) VALUES (${ns}, ${w.param(plan.newSpace.embedder)}, ${w.param(plan.newSpace.dimension)}, ${w.param(state.taskIndex)})
       ON CONFLICT (namespace) DO UPDATE SET embedder = excluded.embedder, dimension = excluded.dimension`);
  }
  if (plan.trajectories.length > 0) {
    w.add(
      `INSERT INTO trajectories (namespace, id, body) SELECT ${ns}, * FROM unnest(${w.param(plan.trajectories.map((t) => t.id))}::text[], ${w.param(plan.trajectories.map((t) => JSON.stringify(t)))}::text[])`,
    );
  }
  if (created.length > 0) addInsertMemories(w, ns, created);
  if (changed.length > 0) addUpdateBodies(w, ns, changed);
  addInsertVectors(w, ns, dimension, flagsRows(state.taskIndex), withVectors);
  if (changed.length > 0) {
    w.add(`UPDATE memory_vectors AS v SET status = u.status
       FROM unnest(${w.param(changed.map((m) => m.id))}::text[], ${w.param(changed.map((m) => m.status))}::text[]) AS u(id, status)
       WHERE v.namespace = ${ns} AND v.memory_id = u.id AND v.status <> u.status`);
  }
  if (plan.revisions.length > 0) {
    w.add(
      `INSERT INTO revisions (namespace, memory_id, version, body) SELECT ${ns}, u.memory_id, u.version, u.body FROM unnest(${w.param(plan.revisions.map((r) => r.memoryId))}::text[], ${w.param(plan.revisions.map((r) => r.version))}::integer[], ${w.param(plan.revisions.map((r) => JSON.stringify(r)))}::text[]) WITH ORDINALITY AS u(memory_id, version, body, n) ORDER BY n`,
    );
  }
  addSearchChanges(w, ns, [
    ...withVectors.map((e) => e.id),
    // A new status or a new kind: the vector cache holds both (kinds answered from it, see `PostgresVectorCaches`).
    ...changed
      .filter((m) => {
        const before = state.memories.get(m.id);
        return before?.status !== m.status || before?.kind !== m.kind;
      })
      .map((m) => m.id),
    ...plan.deleted,
  ]);
  if (plan.evidence.length > 0) {
    w.add(
      `INSERT INTO memory_evidence (namespace, id, memory_id, kind, body) SELECT ${ns}, u.id, u.memory_id, u.kind, u.body FROM unnest(${w.param(plan.evidence.map((e) => e.id))}::text[], ${w.param(plan.evidence.map((e) => e.memoryId))}::text[], ${w.param(plan.evidence.map((e) => e.kind))}::text[], ${w.param(plan.evidence.map((e) => JSON.stringify(e)))}::text[]) WITH ORDINALITY AS u(id, memory_id, kind, body, n) ORDER BY n`,
    );
  }
  addLexicon(w, ns, plan);
  const learned = addLearnRecords(w, ns, change, plan);
  const text = w.text(learned?.select);
  if (text !== undefined) {
    statements.push({ text, values: w.values, ...(learned === undefined ? {} : { check: learned.check }) });
  }
  if (plan.deleted.length > 0) {
    // A deleted memory goes with its vectors, history and evidence; the trajectories it was built from stay.
    for (const table of ['memory_vectors', 'revisions', 'memory_evidence', 'memories']) {
      const key = table === 'memories' ? 'id' : 'memory_id';
      statements.push({
        text: `DELETE FROM ${table} WHERE namespace = $1 AND ${key} = ANY($2::text[])`,
        values: [namespace, plan.deleted],
      });
    }
  }
  return statements;
}

/** How many generations of `search_changes` a namespace keeps (a cache further behind reloads in full). */
export const SEARCH_CHANGES_KEPT = 1000;

/**
 * Bumps the namespace's search generation and lists the memories whose task vector, status or existence changed
 * at it (`''`: everything, after a re-embedding), dropping changes older than {@link SEARCH_CHANGES_KEPT}
 * generations. Runs under the namespace lock, so generations commit in order and a snapshot that sees generation
 * g sees every change up to g. Nothing when no memory changed that way.
 */
function addSearchChanges(w: WriteStatement, ns: string, memoryIds: string[]): void {
  if (memoryIds.length === 0) return;
  const g = w.add(`INSERT INTO search_generations (namespace, generation) VALUES (${ns}, 1)
     ON CONFLICT (namespace) DO UPDATE SET generation = search_generations.generation + 1 RETURNING generation`);
  w.add(`INSERT INTO search_changes (namespace, generation, memory_id)
     SELECT ${ns}, ${g}.generation, u.id FROM ${g}, unnest(${w.param([...new Set(memoryIds)])}::text[]) AS u(id)`);
  // Generations are bumped one at a time under the lock, so dropping the one that falls out of the window keeps it
  // (an equality: an index look-up, where `<=` planned as a scan of the namespace's list on every write).
  w.add(`DELETE FROM search_changes WHERE namespace = ${ns}
     AND generation = (SELECT generation FROM ${g}) - ${SEARCH_CHANGES_KEPT}`);
}

function addInsertMemories(w: WriteStatement, ns: string, created: Memory[]): void {
  w.add(`INSERT INTO memories (namespace, id, status, kind, created_at, version, body)
     SELECT ${ns}, * FROM unnest(${w.param(created.map((m) => m.id))}::text[], ${w.param(created.map((m) => m.status))}::text[],
       ${w.param(created.map((m) => m.kind))}::text[], ${w.param(created.map((m) => m.createdAt))}::text[],
       ${w.param(created.map((m) => m.version))}::integer[], ${w.param(created.map((m) => JSON.stringify(m)))}::text[])`);
}

function addUpdateBodies(w: WriteStatement, ns: string, memories: Memory[]): void {
  w.add(`UPDATE memories AS m SET status = u.status, kind = u.kind, version = u.version, body = u.body
     FROM unnest(${w.param(memories.map((m) => m.id))}::text[], ${w.param(memories.map((m) => m.status))}::text[],
       ${w.param(memories.map((m) => m.kind))}::text[], ${w.param(memories.map((m) => m.version))}::integer[],
       ${w.param(memories.map((m) => JSON.stringify(m)))}::text[]) AS u(id, status, kind, version, body)
     WHERE m.namespace = ${ns} AND m.id = u.id`);
}

/** Inserts the vectors of `entries`; their task vectors flagged for the HNSW index when `indexed`. */
function addInsertVectors(
  w: WriteStatement,
  ns: string,
  dimension: number,
  indexed: boolean,
  entries: Array<{ id: string; status: string; vectors: MemoryVectors }>,
): void {
  const rows = vectorRows(entries);
  if (rows.ids.length === 0) return;
  w.add(`INSERT INTO memory_vectors (namespace, memory_id, field, ordinal, status, dimension, embedding, indexed)
     SELECT ${ns}, u.id, u.field, u.ordinal, u.status, ${w.param(dimension)}, u.embedding::vector,
       u.field = ${FIELD_TASK} AND ${w.param(indexed)}::boolean
     FROM unnest(${w.param(rows.ids)}::text[], ${w.param(rows.fields)}::smallint[], ${w.param(rows.ordinals)}::integer[],
       ${w.param(rows.statuses)}::text[], ${w.param(rows.embeddings)}::text[]) AS u(id, field, ordinal, status, embedding)`);
}

/**
 * Plans (with the shared `planReembed`) and writes a re-embedding. Must run inside a transaction. The new task
 * vectors are flagged for the HNSW index as the namespace's task index state says (read under the namespace lock).
 */
export async function writeReembed(
  client: pg.ClientBase,
  change: Reembedding,
  options: WriteOptions = {},
): Promise<ReembedPlan> {
  const namespace = checkNamespace(change?.namespace);
  await lockNamespace(client, namespace);
  const known = await client.query<{ task_index: TaskIndexState }>(
    'SELECT task_index FROM namespace_spaces WHERE namespace = $1',
    [namespace],
  );
  const taskIndex = known.rows[0]?.task_index ?? initialTaskIndex(options);
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
  await insertVectors(client, namespace, plan.space.dimension, flagsRows(taskIndex), entries);
  await client.query(
    `INSERT INTO namespace_spaces (namespace, embedder, dimension, task_index) VALUES ($1, $2, $3, $4)
     ON CONFLICT (namespace) DO UPDATE SET embedder = excluded.embedder, dimension = excluded.dimension`,
    [namespace, plan.space.embedder, plan.space.dimension, taskIndex],
  );
  const w = new WriteStatement();
  addSearchChanges(w, w.param(namespace), ['']);
  await client.query(w.text() as string, w.values);
  return plan;
}
