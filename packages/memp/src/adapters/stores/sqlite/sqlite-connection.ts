import Database from 'better-sqlite3';
import type { SqliteDatabaseOptions } from './sqlite-database.js';

/** Default of `SqliteDatabaseOptions.busyTimeoutMs`. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * Bytes of the database file SQLite reads through a memory map (`PRAGMA mmap_size`) rather than a `pread` into its
 * page cache per page. A retrieve reads its served bodies (and the tie-break's evidence) at random in a large file:
 * 10 bodies of a 100k-memory file cost about 110 µs of CPU read the usual way and 55 µs mapped (docs/performance.md).
 * Writes still go through SQLite's own I/O; pages past the mapped size are read the usual way.
 */
export const SQLITE_MMAP_BYTES = 1 << 30;

/**
 * Opens the store's connection: WAL journal (retrying briefly while another process switches a fresh file to
 * it), the busy timeout, `synchronous` as asked (see {@link SqliteDatabaseOptions.synchronous}) and reads through a
 * memory map ({@link SQLITE_MMAP_BYTES}).
 */
export function openSqliteConnection(
  options: Pick<SqliteDatabaseOptions, 'path' | 'busyTimeoutMs' | 'synchronous'>,
): Database.Database {
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  // Switching a fresh file to WAL needs a moment of exclusive access; another process opening the same fresh
  // file can make it fail with SQLITE_BUSY without waiting, so retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      break;
    } catch (error) {
      const busy = error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
      if (!busy || attempt >= 50) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  db.pragma(options.synchronous === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  db.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
  return db;
}
