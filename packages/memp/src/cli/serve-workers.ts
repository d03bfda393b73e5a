import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { MempError } from '../core/errors.js';

/**
 * What a `memp serve` worker tells its primary over the cluster's IPC channel: its `listening` line (the primary
 * prints one, once every worker listens) and its start notices (the primary prints each text once).
 */
export type ServeWorkerMessage =
  | { memp: 'listening'; line: Record<string, unknown> }
  | { memp: 'notice'; line: Record<string, unknown> };

/** How often a worker may die unexpectedly within {@link CRASH_WINDOW_MS} before the primary gives up. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * `--workers`: a positive integer, default the machine's core count (`os.availableParallelism()`). A `:memory:`
 * SQLite database lives in one process, so it gets one worker (asking for more is `INVALID_ARGUMENT`).
 */
export function parseWorkers(value: string | undefined, store: { db: string; databaseUrl?: string }): number {
  const inProcessOnly = store.databaseUrl === undefined && store.db === ':memory:';
  if (value === undefined) return inProcessOnly ? 1 : availableParallelism();
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new MempError('INVALID_ARGUMENT', `--workers must be an integer from 1 to 256 (got "${value}")`, {
      details: { field: '--workers' },
    });
  }
  if (n > 1 && inProcessOnly) {
    throw new MempError(
      'INVALID_ARGUMENT',
      "--workers above 1 needs a database file or PostgreSQL: each worker would get its own empty ':memory:' database",
      { details: { field: '--workers' } },
    );
  }
  return n;
}

/** True in a process that `memp serve --workers N` forked to serve (it reports to its primary instead of printing). */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** Sends a lifecycle line to the primary (a worker only). */
export function reportToPrimary(message: ServeWorkerMessage): void {
  process.send?.(message);
}

/**
 * Lets a worker exit once its work is done: closes its IPC channel to the primary as a deliberate disconnect, so the
 * process ends with its own exit code (an unexpected disconnect makes node:cluster exit the worker with 0).
 */
export function releaseFromPrimary(): void {
  cluster.worker?.disconnect();
}

/** Writes one JSON log line on stderr. */
function log(line: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/**
 * The primary of `memp serve --workers N`: forks one worker and waits for it to listen (so a start error, such as a
 * port in use or a missing key, is reported once, with the worker's exit code), then the other N−1, which share its
 * listening socket (node:cluster hands connections out round-robin). Prints one `listening` line (the first worker's,
 * plus `workers`) once all listen. On SIGTERM/SIGINT it asks every worker to shut down gracefully (each lets its
 * in-flight requests finish within its grace period), waits for them all and resolves with exit code 0 when they all
 * exited 0. A worker that dies unexpectedly is replaced; more than five deaths within a minute stop the server
 * (exit code 1). Opens no store itself.
 */
export async function runServePrimary(options: { workers: number }): Promise<number> {
  const notices = new Set<string>();
  cluster.on('message', (_worker, message: ServeWorkerMessage) => {
    if (message?.memp !== 'notice') return;
    const text = String(message.line['msg']);
    if (!notices.has(text)) {
      notices.add(text);
      log(message.line);
    }
  });
  const first = await startWorker();
  if (typeof first === 'number') return first;
  const rest = await Promise.all(Array.from({ length: options.workers - 1 }, () => startWorker()));
  const failed = rest.find((r): r is number => typeof r === 'number');
  const live = [
    first,
    ...rest.filter((r): r is { worker: Worker; line: Record<string, unknown> } => typeof r !== 'number'),
  ];
  if (failed !== undefined) {
    await stopWorkers(live.map((l) => l.worker));
    return failed;
  }
  log({ ...first.line, workers: options.workers });
  return superviseUntilSignal(new Set(live.map((l) => l.worker)));
}

/** Forks a worker and resolves once it listens (its `listening` line), or with its exit code if it exits first. */
function startWorker(): Promise<{ worker: Worker; line: Record<string, unknown> } | number> {
  const worker = cluster.fork();
  return new Promise((resolve) => {
    const onMessage = (message: ServeWorkerMessage) => {
      if (message?.memp !== 'listening') return;
      worker.off('exit', onExit);
      worker.off('message', onMessage);
      resolve({ worker, line: message.line });
    };
    const onExit = (code: number | null) => {
      worker.off('message', onMessage);
      resolve(code === null || code === 0 ? 1 : code);
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

/** Sends SIGTERM to every worker and resolves with true when all of them exited with code 0. */
async function stopWorkers(workers: readonly Worker[]): Promise<boolean> {
  const codes = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<number | null>((resolve) => {
          if (worker.isDead()) {
            resolve(worker.process.exitCode);
            return;
          }
          worker.once('exit', (code) => resolve(code));
          worker.process.kill('SIGTERM');
        }),
    ),
  );
  return codes.every((code) => code === 0);
}

/** Replaces workers that die unexpectedly until SIGTERM/SIGINT, then stops them all; resolves with the exit code. */
function superviseUntilSignal(workers: Set<Worker>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const crashes: number[] = [];
    const stop = (signal: string, code: number) => {
      if (stopping) return;
      stopping = true;
      log({ level: 'info', msg: 'shutting down', signal, workers: workers.size });
      void stopWorkers([...workers]).then((clean) => {
        log({ level: 'info', msg: 'stopped' });
        resolve(clean ? code : 1);
      });
    };
    cluster.on('exit', (worker, code, signal) => {
      if (stopping || !workers.delete(worker)) return;
      const now = Date.now();
      crashes.push(now);
      while ((crashes[0] ?? now) < now - CRASH_WINDOW_MS) crashes.shift();
      log({ level: 'error', msg: 'worker died', pid: worker.process.pid, code, signal });
      if (crashes.length > MAX_CRASHES) {
        stop('worker-crash-loop', 1);
        return;
      }
      void startWorker().then((started) => {
        if (typeof started === 'number') stop('worker-start-failed', 1);
        else if (stopping) void stopWorkers([started.worker]);
        else workers.add(started.worker);
      });
    });
    process.once('SIGTERM', () => stop('SIGTERM', 0));
    process.once('SIGINT', () => stop('SIGINT', 0));
  });
}
