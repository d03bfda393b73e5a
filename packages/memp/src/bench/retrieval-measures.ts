import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { VectorHit } from '../ports/memory-store.js';

// What the retrieval benchmarks share: percentiles, recall against the exact scan, file sizes, and running one
// timed run in a fresh process.

/** p50 and p99 of a list of milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
}

/** Milliseconds `fn` takes to settle. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** p50 and p99 of a list of milliseconds. */
export function latency(times: readonly number[]): Latency {
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Total bytes of the files in `directory` (0 when it does not exist). */
export function directoryBytes(directory: string): number {
  try {
    return readdirSync(directory).reduce((sum, f) => sum + statSync(join(directory, f)).size, 0);
  } catch {
    return 0;
  }
}

/**
 * Runs `script` (a bench module next to this one, e.g. `store-retrieval-run.js`) with `--child` and `spec` in a
 * fresh Node process, as a server would hold the store: no other store's garbage. Returns its last stdout line,
 * parsed as JSON.
 */
export function runInChild<T>(script: string, spec: object): T {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const run = spawnSync(process.execPath, [path, '--child', JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (run.status !== 0) throw new Error(`${script} failed (exit ${run.status ?? run.signal}): ${JSON.stringify(spec)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as T;
}

/**
 * recall@10 of `approximate` against `exact`, query by query: a hit counts when it scores at least the exact
 * 10th score (so ties at the 10th place do not count as misses), averaged over the queries.
 */
export function recallAgainstExact(exact: readonly VectorHit[][], approximate: readonly VectorHit[][]): number {
  let found = 0;
  exact.forEach((exactHits, i) => {
    const tenth = exactHits[9]?.score ?? Number.NEGATIVE_INFINITY;
    found += (approximate[i] ?? []).filter((h) => h.score >= tenth - 1e-9).length / Math.max(1, exactHits.length);
  });
  return found / Math.max(1, exact.length);
}
