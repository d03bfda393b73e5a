import Database from 'better-sqlite3';
import type { SqliteDatabaseOptions } from './sqlite-database.js';

/** Default of `SqliteDatabaseOptions.busyTimeoutMs`. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the store's connection: WAL journal (retrying briefly while another process switches a fresh file to
 * it), the busy timeout, and `synchronous` as asked (see {@link SqliteDatabaseOptions.synchronous}). No memory map
 * (`mmap_size`): it halved the CPU of a retrieve's random body reads in one process, but with two server workers
 * writing the same file `bench:server` fell from 1,188 to 770 requests/s (docs/performance.md).
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
  return db;
}
