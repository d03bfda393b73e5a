import type pg from 'pg';
import { MempError } from '../../../core/errors.js';
import { isRetryablePgError, wrapPgError } from './postgres-errors.js';

/** How a transaction runs. */
export interface TransactionOptions {
  /** `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`: one snapshot for several reads. Default: a read-write
   * READ COMMITTED transaction (writers serialize on the namespace lock instead). */
  readOnly?: boolean;
  /**
   * Takes the transaction-level advisory lock of this namespace (see `lockNamespace`) in the same round trip as
   * `BEGIN` (one simple-query message, the namespace escaped as a literal).
   */
  lockNamespace?: string;
  /**
   * A read sent right behind `BEGIN` (and the lock), without waiting for it: the driver sends it as soon as `BEGIN`
   * completes, so both take one round trip from the caller's event loop, and its snapshot is taken under the lock.
   * Its result is passed to `fn`. Must be a read: should `BEGIN` fail, it may run outside the transaction (its
   * result is then dropped and the transaction fails with `BEGIN`'s error).
   */
  firstRead?: { text: string; values: unknown[] };
}

/** The store's access to its pool: every call fails with `STORAGE_FAILED` once closed, and wraps `pg` errors once. */
export interface PostgresSession {
  /** Throws `STORAGE_FAILED` when the store is closed. */
  assertOpen(): void;
  /**
   * One statement on any pooled connection; `name`: as a named prepared statement, parsed (and, once PostgreSQL
   * settles on a generic plan, planned) once per connection. Give a name only to a fixed text whose generic plan is
   * sound for every value.
   */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[], name?: string): Promise<pg.QueryResult<R>>;
  /**
   * Runs `fn` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. A
   * serialization failure or deadlock (40001/40P01) reruns `fn` (up to 4 attempts in all). `fn` gets the rows of
   * `options.firstRead` (empty without one).
   */
  transaction<T>(
    fn: (client: pg.PoolClient, firstRows: readonly unknown[]) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Marks the session closed and, when it owns the pool, ends it. */
  close(): Promise<void>;
}

const ATTEMPTS = 4;

/** Wraps `pool` in a {@link PostgresSession}. `ownsPool`: `close()` ends the pool. */
export function createPostgresSession(options: { pool: pg.Pool; ownsPool: boolean; context: string }): PostgresSession {
  const { pool, context } = options;
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new MempError('STORAGE_FAILED', `the ${context} is closed`);
  };
  return {
    assertOpen,
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[], name?: string) {
      assertOpen();
      try {
        return await (name === undefined
          ? pool.query<R>(text, values)
          : pool.query<R>({ name, text, values: values ?? [] }));
      } catch (error) {
        throw wrapPgError(error, context);
      }
    },
    async transaction<T>(
      fn: (client: pg.PoolClient, firstRows: readonly unknown[]) => Promise<T>,
      transactionOptions: TransactionOptions = {},
    ) {
      assertOpen();
      for (let attempt = 1; ; attempt++) {
        let client: pg.PoolClient;
        try {
          client = await pool.connect();
        } catch (error) {
          throw wrapPgError(error, context);
        }
        let broken = false;
        try {
          const begin = transactionOptions.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN';
          const lock = transactionOptions.lockNamespace;
          const begun = client.query(
            lock === undefined
              ? begin
              : `${begin}; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(lock)}, 0))`,
          );
          const first = transactionOptions.firstRead;
          const read = first === undefined ? undefined : client.query(first.text, first.values);
          // Both queued at once; BEGIN's failure first (the read's is then a consequence, or ran outside).
          const [begunOutcome, readOutcome] = await Promise.allSettled([begun, read]);
          if (begunOutcome.status === 'rejected') throw begunOutcome.reason;
          if (readOutcome.status === 'rejected') throw readOutcome.reason;
          const result = await fn(client, readOutcome.value?.rows ?? []);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          if (attempt < ATTEMPTS && isRetryablePgError(error)) continue;
          throw wrapPgError(error, context);
        } finally {
          client.release(broken);
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (options.ownsPool) await pool.end();
    },
  };
}
