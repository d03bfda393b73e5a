import type Database from 'better-sqlite3';
import { MempError, wrapError } from '../../../core/errors.js';
import { DEFAULT_BUSY_TIMEOUT_MS, openSqliteConnection } from './sqlite-connection.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, SqliteCheckpointer } from './sqlite-checkpointer.js';

/** True for `STORAGE_FAILED` wrapping SQLite's `SQLITE_BUSY` (another connection holds the lock). */
function isBusyError(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

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
  /**
   * Who copies the WAL back into the database file (a checkpoint):
   * - `'inline'` (default): SQLite, within the commit that takes the WAL past 1,000 pages; that commit's call then
   *   takes the time of copying and syncing them.
   * - `'background'`: a worker thread with its own connection, every 200 ms, so the calling thread never stops for
   *   one (`memp serve` uses it); the connection still checkpoints by itself past 10,000 pages should the thread
   *   fall behind. Ignored for `:memory:`.
   */
  checkpoints?: 'inline' | 'background';
}

/**
 * One open, migrated SQLite connection that several stores can share (the memory store and the API key
 * store on one file, or one `:memory:` database): WAL, a busy timeout, the schema brought up to date on open.
 * Whoever opened it closes it; a store given a database does not close it.
 */
export class SqliteDatabase {
  private isClosed = false;
  private closing: Promise<void> | undefined;
  // One transaction wrapper for every call (better-sqlite3 builds a new one per `db.transaction` call).
  private readonly inTransaction: Database.Transaction<(fn: () => unknown) => unknown>;
  /** `PRAGMA busy_timeout` to 0 and back to {@link busyTimeoutMs}, prepared once (see {@link writeYielding}). */
  private readonly noBusyWait: Database.Statement;
  private readonly busyWait: Database.Statement;

  private constructor(
    /** The path it was opened with (`:memory:` included). */
    readonly path: string,
    /** The driver's connection; use it through {@link read} and {@link write}. */
    readonly connection: Database.Database,
    /** How long a write waits for another connection's write lock, ms. */
    private readonly busyTimeoutMs: number,
    /** The thread checkpointing the WAL, when `checkpoints: 'background'`. */
    private readonly checkpointer: SqliteCheckpointer | undefined,
  ) {
    this.inTransaction = connection.transaction((fn: () => unknown) => fn());
    this.noBusyWait = connection.prepare('PRAGMA busy_timeout = 0');
    this.busyWait = connection.prepare(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
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
    if (options.checkpoints !== undefined && options.checkpoints !== 'inline' && options.checkpoints !== 'background') {
      throw new MempError('INVALID_ARGUMENT', "checkpoints must be 'inline' or 'background'", {
        details: { field: 'checkpoints' },
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
      let checkpointer: SqliteCheckpointer | undefined;
      if (options.checkpoints === 'background' && path !== ':memory:') {
        db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
        checkpointer = new SqliteCheckpointer({ path, synchronous: options.synchronous ?? 'normal' });
      }
      return new SqliteDatabase(path, db, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, checkpointer);
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

  /**
   * {@link write}, waiting for another connection's write lock without stalling this process. SQLite's busy handler
   * waits by sleeping inside the synchronous call (1, 2, 5, 10 … ms at a time), during which the process serves
   * nothing: with several processes on one file (`memp serve --workers N`), every collision of two writes froze a
   * worker and all its in-flight reads. Here the transaction starts without the busy handler; while the lock is
   * taken, it yields to the event loop for a moment and tries again, up to the busy timeout, then fails as
   * {@link write} does (`STORAGE_FAILED`). `fn` runs once, holding the lock (a busy attempt fails at `BEGIN
   * IMMEDIATE`, before `fn`).
   */
  async writeYielding<T>(fn: () => T): Promise<T> {
    const deadline = performance.now() + this.busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      let started = false;
      this.guard(() => this.noBusyWait.get());
      try {
        return this.guard(
          () =>
            this.inTransaction.immediate(() => {
              started = true;
              return fn();
            }) as T,
        );
      } catch (error) {
        if (started || !isBusyError(error) || performance.now() >= deadline) throw error;
      } finally {
        this.guard(() => this.busyWait.get());
      }
      // The holder's transaction takes about a millisecond: look again at once, then every 1 → 4 ms.
      await new Promise<void>((resolve) => {
        if (attempt === 0) setImmediate(resolve);
        else setTimeout(resolve, Math.min(4, attempt));
      });
    }
  }

  /**
   * Closes the connection (and stops the checkpoint thread, see {@link stopped}); every later call of a store on it
   * fails with `STORAGE_FAILED`. Twice is harmless.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closing = this.checkpointer?.stop();
    this.connection.close();
  }

  /** Resolves once {@link close} has run and a checkpoint thread, if any, has closed its connection and ended. */
  async stopped(): Promise<void> {
    await this.closing;
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
