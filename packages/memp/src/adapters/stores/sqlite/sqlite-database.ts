import type Database from 'better-sqlite3';
import { MempError, wrapError } from '../../../core/errors.js';
import { openSqliteConnection } from './sqlite-connection.js';
import { migrateSqlite } from './sqlite-migrations.js';

/** Options for {@link openSqliteDatabase}. */
export interface SqliteDatabaseOptions {
  /** A file path, or `:memory:` for a private in-memory database. Empty is `INVALID_ARGUMENT`. */
  path: string;
  /**
   * How long a write waits for another connection's write lock before failing with `STORAGE_FAILED`, in ms.
   * Default 10 000.
   */
  busyTimeoutMs?: number;
  /**
   * How hard a commit waits for the disk (SQLite's `synchronous`, with the WAL journal):
   * - `'normal'` (default): a committed write survives a crash of the process; an OS crash or power loss can
   *   lose the last commits (never corrupt the file), because the WAL is synced only at checkpoints.
   * - `'full'`: every commit is synced to disk before it returns, so it survives power loss too; each write
   *   then costs a disk flush (see `npm run bench:core` for learn throughput with both).
   */
  synchronous?: 'normal' | 'full';
}

/**
 * One open, migrated SQLite connection that several stores can share (the memory store and the API key
 * store on one file, or one `:memory:` database): WAL, a busy timeout, the schema brought up to date on open.
 * Whoever opened it closes it; a store given a database does not close it.
 */
export class SqliteDatabase {
  private isClosed = false;
  // One transaction wrapper for every call (better-sqlite3 builds a new one per `db.transaction` call).
  private readonly inTransaction: Database.Transaction<(fn: () => unknown) => unknown>;

  private constructor(
    /** The path it was opened with (`:memory:` included). */
    readonly path: string,
    /** The driver's connection; use it through {@link read} and {@link write}. */
    readonly connection: Database.Database,
  ) {
    this.inTransaction = connection.transaction((fn: () => unknown) => fn());
  }

  /** Opens and migrates; a bad option is `INVALID_ARGUMENT`, any failure to open `STORAGE_FAILED`. */
  static open(options: SqliteDatabaseOptions): SqliteDatabase {
    // An empty path makes SQLite open a private temporary database: everything written would silently be lost.
    const path: unknown = options?.path;
    if (typeof path !== 'string' || path.trim() === '') {
      throw new MempError(
        'INVALID_ARGUMENT',
        "the SQLite store needs a file path (or ':memory:' for a private in-memory database)",
        { details: { field: 'path' } },
      );
    }
    if (options.synchronous !== undefined && options.synchronous !== 'normal' && options.synchronous !== 'full') {
      throw new MempError('INVALID_ARGUMENT', "synchronous must be 'normal' or 'full'", {
        details: { field: 'synchronous' },
      });
    }
    try {
      const db = openSqliteConnection(options);
      try {
        migrateSqlite({ db });
      } catch (error) {
        db.close();
        throw error;
      }
      return new SqliteDatabase(path, db);
    } catch (error) {
      throw wrapError(error, 'STORAGE_FAILED', `cannot open SQLite store ${path}`);
    }
  }

  /** True once {@link close} ran. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs `fn` on the open connection, wrapping driver errors (SQLITE_BUSY included) once as `STORAGE_FAILED`. */
  guard<T>(fn: () => T): T {
    if (this.isClosed) throw new MempError('STORAGE_FAILED', 'the SQLite database is closed');
    try {
      return fn();
    } catch (error) {
      throw wrapError(error, 'STORAGE_FAILED', 'SQLite store');
    }
  }

  /** Runs `fn` in a read (deferred) transaction: one snapshot for several statements. */
  read<T>(fn: () => T): T {
    return this.guard(() => this.inTransaction(fn) as T);
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction: writers of every process serialize on the file's write lock. */
  write<T>(fn: () => T): T {
    return this.guard(() => this.inTransaction.immediate(fn) as T);
  }

  /** Closes the connection; every later call of a store on it fails with `STORAGE_FAILED`. Twice is harmless. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.connection.close();
  }
}

/**
 * Opens a {@link SqliteDatabase} to share between the SQLite memory store and API key store (one connection, so
 * a `:memory:` database can hold both). Close it after the stores: they do not close a database they were given.
 */
export function openSqliteDatabase(options: SqliteDatabaseOptions): SqliteDatabase {
  return SqliteDatabase.open(options);
}

/** Where a SQLite store keeps its data: a `path` it opens (and closes), or a shared `database` it only uses. */
export interface SqliteDatabaseSource extends Partial<SqliteDatabaseOptions> {
  /** An open database (see {@link openSqliteDatabase}), instead of `path`. The store never closes it. */
  database?: SqliteDatabase;
}

/** The database a store runs on, and whether the store owns (so closes) it. Both or neither source: `INVALID_ARGUMENT`. */
export function resolveSqliteDatabase(source: SqliteDatabaseSource): { database: SqliteDatabase; owned: boolean } {
  const shared = source?.database;
  if (shared === undefined) return { database: SqliteDatabase.open(source as SqliteDatabaseOptions), owned: true };
  if (!(shared instanceof SqliteDatabase) || source.path !== undefined) {
    throw new MempError('INVALID_ARGUMENT', 'give either path or an open database, not both', {
      details: { field: 'database' },
    });
  }
  return { database: shared, owned: false };
}
