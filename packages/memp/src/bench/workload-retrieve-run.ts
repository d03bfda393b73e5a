import { fileURLToPath } from 'node:url';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import type { Embedder } from '../ports/embedder.js';
import type { VectorHit } from '../ports/memory-store.js';
import { createProjectedDenseEmbedder } from './projected-dense-embedder.js';
import { timed } from './retrieval-measures.js';

/** The embedders a workload can use: the offline default (512-d), or the 1536-d dense stand-in. */
export type WorkloadEmbedder = 'hashing' | 'projected-1536';

/** The embedder of a workload (the same in the process that learns and in the ones that retrieve). */
export function workloadEmbedder(kind: WorkloadEmbedder): Embedder {
  return kind === 'hashing' ? createHashingEmbedder() : createProjectedDenseEmbedder({ dimension: 1536 });
}

/** One timed run of {@link timeWorkloadRetrieve}: a store opened on `path` with the index threshold `minActive`. */
export interface WorkloadRetrieveSpec {
  path: string;
  /** `approximateIndex.minActive` (0 forces the index on; `null` turns it off, as JSON has no Infinity). */
  minActive: number | null;
  embedder: WorkloadEmbedder;
  /** Untimed warm-up tasks, retrieved first. */
  warmup: string[];
  /** Timed tasks. */
  tasks: string[];
}

/** Milliseconds of each timed `memp.retrieve` and its hits (memory id and score, for recall). */
export interface WorkloadRetrieveTimes {
  firstRetrieveMs: number;
  /** The process's peak resident memory at the end, in bytes. */
  peakRssBytes: number;
  retrieve: number[];
  /**
   * CPU milliseconds the process used during each timed retrieve (`process.cpuUsage`: every thread, the index's
   * included), less sensitive than the wall time to other work on the machine.
   */
  cpu: number[];
  hits: VectorHit[][];
}

/**
 * Opens the store and times its first retrieve (vectors loaded, index built or opened), then `memp.retrieve`
 * (Key=Query, k = 10) of every task, through the public API: embedding, search, reading the memories.
 */
export async function timeWorkloadRetrieve(spec: WorkloadRetrieveSpec): Promise<WorkloadRetrieveTimes> {
  const store = createSqliteMemoryStore({
    path: spec.path,
    // The index is built within the first retrieve (timed as such), not a slice at a time in the background: a
    // background build of 100k vectors outlasts the timed retrieves, which then measured the exact scan, and the
    // process ended before the index was complete and saved, so the reopening run built it again.
    approximateIndex: {
      minActive: spec.minActive ?? Number.POSITIVE_INFINITY,
      backgroundBuildFrom: Number.POSITIVE_INFINITY,
    },
  });
  const embedder = workloadEmbedder(spec.embedder);
  // The dense stand-in computes in this process what a hosted model computes on its side (a network round trip
  // comes on top of a retrieve): its query vectors are made before the clock starts and come from its cache, so
  // the times are memp's alone, as in the dense section of bench:core. The offline embedder is part of memp: timed.
  if (spec.embedder !== 'hashing') await embedder.embed([...spec.warmup, ...spec.tasks]);
  const memp = createMemp({ store, embedder, update: 'vanilla', seed: 1 });
  const times: WorkloadRetrieveTimes = { firstRetrieveMs: 0, peakRssBytes: 0, retrieve: [], cpu: [], hits: [] };
  times.firstRetrieveMs = await timed(() => memp.retrieve({ task: spec.warmup[0] ?? 'warm up', k: 10 }));
  for (const task of spec.warmup) await memp.retrieve({ task, k: 10 });
  for (const task of spec.tasks) {
    let found: VectorHit[] = [];
    const cpu = process.cpuUsage();
    times.retrieve.push(
      await timed(async () => {
        found = (await memp.retrieve({ task, k: 10 })).map((r) => ({ id: r.memory.id, score: r.score }));
      }),
    );
    const used = process.cpuUsage(cpu);
    times.cpu.push((used.user + used.system) / 1000);
    times.hits.push(found);
  }
  times.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  await memp.close();
  return times;
}

// A child process of the benchmark: one run, its figures as JSON on stdout.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  const spec = JSON.parse(process.argv[3] ?? '{}') as WorkloadRetrieveSpec;
  process.stdout.write(`${JSON.stringify(await timeWorkloadRetrieve(spec))}\n`);
}
