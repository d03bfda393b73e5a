import type { PostgresSession } from './postgres-session.js';
import { FIELD_TASK } from './postgres-writes.js';
import type { TaskIndexState } from './postgres-writes.js';

/** Task vectors flagged per fill transaction (each costs about 3.5 ms of graph insertion at 512 dimensions). */
export const TASK_INDEX_FILL_BATCH = 200;

/** How long after a failed fill this process waits before a search may start another, in ms. */
const RETRY_AFTER_MS = 10_000;

/**
 * Flags a namespace's task vectors for the HNSW index and marks the namespace `ready` (see
 * `taskIndexPredicate`). Steps, each its own short transaction, so that several processes may run it at once and a
 * crash leaves something the next run resumes:
 * 1. under the namespace lock, `none` becomes `filling`: from its commit on, writers (which read the state under
 *    the same lock) flag the task vectors they write;
 * 2. batches of `batchRows` (default {@link TASK_INDEX_FILL_BATCH}) unflagged task vectors are flagged (`FOR UPDATE SKIP LOCKED`: racing
 *    fillers take different rows instead of waiting on each other), until none is left;
 * 3. under the namespace lock (so every writer that read `none` before step 1 has committed), the namespace becomes
 *    `ready` if no unflagged task vector is left; otherwise back to step 2.
 * Returns the state it left (`undefined`: the namespace has no space, nothing to index); `stop` is checked between
 * batches (the state then stays `filling`, and the next run goes on).
 */
export async function fillTaskIndex(
  session: PostgresSession,
  namespace: string,
  stop: () => boolean = () => false,
  batchRows: number = TASK_INDEX_FILL_BATCH,
): Promise<TaskIndexState | undefined> {
  const start = await session.transaction(
    async (client) => {
      const r = await client.query<{ state: TaskIndexState | null }>(
        `WITH started AS (
           UPDATE namespace_spaces SET task_index = 'filling' WHERE namespace = $1 AND task_index = 'none'
           RETURNING task_index)
         SELECT coalesce((SELECT task_index FROM started),
           (SELECT task_index FROM namespace_spaces WHERE namespace = $1)) AS state`,
        [namespace],
      );
      return r.rows[0]?.state ?? undefined;
    },
    { lockNamespace: namespace },
  );
  if (start !== 'filling') return start;
  for (;;) {
    for (;;) {
      if (stop()) return 'filling';
      const flagged = await session.query(
        // The batch is picked once (a CTE), not rescanned per joined row (a rescan would pick further rows).
        `WITH p AS MATERIALIZED (
           SELECT memory_id, ordinal FROM memory_vectors
           WHERE namespace = $1 AND field = ${FIELD_TASK} AND NOT indexed
           LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE memory_vectors AS v SET indexed = true FROM p
         WHERE v.namespace = $1 AND v.field = ${FIELD_TASK} AND v.memory_id = p.memory_id AND v.ordinal = p.ordinal`,
        [namespace, batchRows],
      );
      if ((flagged.rowCount ?? 0) === 0) break;
    }
    const done = await session.transaction(
      async (client) => {
        const r = await client.query<{ state: TaskIndexState | null }>(
          `UPDATE namespace_spaces SET task_index = 'ready' WHERE namespace = $1 AND task_index = 'filling'
             AND NOT EXISTS (SELECT 1 FROM memory_vectors
                             WHERE namespace = $1 AND field = ${FIELD_TASK} AND NOT indexed)
           RETURNING task_index AS state`,
          [namespace],
        );
        if (r.rows.length > 0) return 'ready' as const;
        const now = await client.query<{ task_index: TaskIndexState }>(
          'SELECT task_index FROM namespace_spaces WHERE namespace = $1',
          [namespace],
        );
        return now.rows[0]?.task_index;
      },
      { lockNamespace: namespace },
    );
    if (done !== 'filling') return done;
  }
}

/**
 * Starts {@link fillTaskIndex} in the background for namespaces that grew past `fillRows` searched task vectors,
 * at most one fill per namespace at a time in this process. A search reports its namespace's row count, and a
 * write the task vectors this process has added to it ({@link consider}); nothing is awaited on its path. A namespace seen `ready` is never checked again by this
 * process (a namespace never leaves `ready`). A failed fill is forgotten and may start again after 10 s.
 */
export class TaskIndexFiller {
  private readonly ready = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly failedAt = new Map<string, number>();
  private stopping = false;

  /** `fillRows`: searched task vectors above which a namespace is filled (`Infinity`: never). */
  constructor(
    private readonly session: PostgresSession,
    private readonly fillRows: number,
  ) {}

  /** Records that a search of `namespace` counted `rows` searched task vectors; may start a fill. */
  consider(namespace: string, rows: number): void {
    if (!(rows > this.fillRows) || this.stopping || this.ready.has(namespace) || this.running.has(namespace)) return;
    const failed = this.failedAt.get(namespace);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return;
    const run = fillTaskIndex(this.session, namespace, () => this.stopping)
      .then((state) => {
        this.failedAt.delete(namespace);
        if (state === 'ready') this.ready.add(namespace);
      })
      .catch(() => {
        // The state stays `filling` (or `none`): searches stay exact, and a later search starts the fill again.
        this.failedAt.set(namespace, Date.now());
      })
      .finally(() => this.running.delete(namespace));
    this.running.set(namespace, run);
  }

  /** Settles when no fill runs (for tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Stops running fills after their current batch (they resume at the next fill) and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }
}
