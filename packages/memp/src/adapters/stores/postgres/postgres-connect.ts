import pg from 'pg';
import { MempError } from '../../../core/errors.js';
import { wrapPgError } from './postgres-errors.js';
import { migratePostgres } from './postgres-migrations.js';
import { createPostgresSession } from './postgres-session.js';
import type { PostgresSession } from './postgres-session.js';

/** Where a PostgreSQL store connects: give `connectionString` or `pool`. */
export interface PostgresConnectionOptions {
  /** A libpq URL, e.g. `postgres://user:pass@host:5432/memp`. The store owns the pool it creates. */
  connectionString?: string;
  /** An existing pool (the caller keeps ownership: `close()` does not end it). */
  pool?: pg.Pool;
  /** Connections of the pool the store creates. Default 10. */
  poolSize?: number;
}

function openPool(options: PostgresConnectionOptions): { pool: pg.Pool; ownsPool: boolean } {
  if ((options?.pool === undefined) === (options?.connectionString === undefined)) {
    throw new MempError('INVALID_ARGUMENT', 'give exactly one of connectionString and pool', {
      details: { field: 'connectionString' },
    });
  }
  if (options.pool !== undefined) return { pool: options.pool, ownsPool: false };
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle connection that the server drops emits 'error' on the pool; the next checkout reconnects.
  pool.on('error', () => {});
  return { pool, ownsPool: true };
}

/**
 * Connects a store: opens (or borrows) the pool, makes sure pgvector is there and applies pending migrations (once
 * across processes). `INVALID_ARGUMENT` without exactly one of `connectionString` and `pool`; `STORAGE_FAILED`
 * (naming `context`) when the database cannot be reached or migrated, after ending a pool it created.
 */
export async function connectPostgres(options: PostgresConnectionOptions, context: string): Promise<PostgresSession> {
  const { pool, ownsPool } = openPool(options);
  const session = createPostgresSession({ pool, ownsPool, context });
  try {
    const client = await pool.connect();
    try {
      await migratePostgres({ client });
    } finally {
      client.release();
    }
  } catch (error) {
    await session.close().catch(() => undefined);
    throw wrapPgError(error, `cannot open the ${context}`);
  }
  return session;
}
