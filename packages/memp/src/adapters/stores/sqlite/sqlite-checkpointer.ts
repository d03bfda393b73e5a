import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background thread checkpoints the WAL, ms. */
export const BACKGROUND_CHECKPOINT_INTERVAL_MS = 200;

/**
 * WAL pages at which the serving connection still checkpoints by itself while a background thread runs: a safety
 * net (ten times SQLite's default of 1,000) should the thread fall behind or stop.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The thread's program (CommonJS, evaluated): its own connection to the file, a PASSIVE checkpoint every interval
 * (copies what no reader still needs, never waits for a lock: a busy round is skipped), until told to stop.
 */
const PROGRAM = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const stop = new Int32Array(workerData.stop);
const db = new Database(workerData.path, { timeout: 0 });
db.pragma('synchronous = ' + workerData.synchronous);
try {
  while (Atomics.wait(stop, 0, 0, workerData.intervalMs) === 'timed-out') {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy (another checkpoint runs) or a transient error: the next round tries again.
    }
  }
} finally {
  db.close();
}
`;

/**
 * Checkpoints a WAL database from a worker thread, so that the thread serving requests never stops for one. With
 * SQLite's automatic checkpoint, the commit that takes the WAL past 1,000 pages copies them into the database and
 * syncs it (10–25 ms on the 2-core machine of docs/performance.md, a learn writing about 30 pages): every request
 * in flight on that event loop waits meanwhile. {@link stop} ends the thread after its current round.
 */
export class SqliteCheckpointer {
  private readonly stopFlag = new SharedArrayBuffer(4);
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(options: { path: string; synchronous: 'normal' | 'full' }) {
    this.worker = new Worker(PROGRAM, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        path: options.path,
        synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL',
        intervalMs: BACKGROUND_CHECKPOINT_INTERVAL_MS,
        stop: this.stopFlag,
      },
    });
    // The serving connection's fallback checkpoint covers a thread that failed.
    this.worker.on('error', () => {});
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Tells the thread to stop after its current round; resolves once it has closed its connection and ended. */
  stop(): Promise<void> {
    const flag = new Int32Array(this.stopFlag);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return this.exited;
  }
}
