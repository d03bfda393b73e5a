import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXACT_RETRIEVE_QUERIES, measureDenseStoreRetrieval } from './dense-store-bench.js';
import { measureLearn } from './learn-bench.js';
import { measureStorage } from './storage-bench.js';
import type { Latency } from './retrieval-measures.js';
import { buildSizeReportPage, readUplotAssets } from './size-report-page.js';
import { measureStoreRetrieval } from './store-retrieval-bench.js';
import {
  measureWorkloadAtSize,
  SIZE_WORKLOADS,
  type SizeWorkload,
  type WorkloadSizeFigures,
} from './workload-size-bench.js';

// `npm run bench:core`: learn throughput, bytes on disk, and retrieval latency and recall through the SQLite
// store (exact scan and HNSW index), in one run. Sizes: MEMP_BENCH_SIZES (default 10000,100000); the storage
// figures use MEMP_BENCH_STORAGE memories (default 20000). MEMP_BENCH_DENSE (default 100000:1536; empty to skip)
// adds the same store figures with dense synthetic vectors of that many memories and dimensions. The index-alone
// figures (1M vectors, other tunings) come from `npm run bench:ann`.
// Then the size sweep: every workload of MEMP_BENCH_WORKLOADS (default synthetic,near-duplicate,near-duplicate-1536;
// empty to skip; the near-duplicate ones read the ALFWorld train archive, see alfworld-train-tasks.ts) at every size,
// learned and retrieved through the public API, written as an HTML page of curves on log axes to MEMP_BENCH_PAGE
// (default <tmpdir>/memp-bench-core-sizes.html). MEMP_BENCH_SECTIONS=sizes runs the sweep alone.

const ms = (l: Latency) => `${l.p50.toFixed(2)} / ${l.p99.toFixed(2)}`;
const load = () => loadavg()[0]?.toFixed(2) ?? '?';

// Checked before any work, so a typo does not cost the minutes of the sections before it.
const dense = (process.env.MEMP_BENCH_DENSE ?? '100000:1536')
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [size, dimension] = entry.split(':').map(Number);
    if (!Number.isInteger(size) || !Number.isInteger(dimension) || !size || !dimension || size < 0 || dimension < 0) {
      throw new Error(`MEMP_BENCH_DENSE: expected entries like 100000:1536, got ${JSON.stringify(entry)}`);
    }
    return { size, dimension };
  });

const sizes = (process.env.MEMP_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size <= 0)) {
  throw new Error(
    `MEMP_BENCH_SIZES: expected positive integers like 100,1000,10000, got ${process.env.MEMP_BENCH_SIZES}`,
  );
}
const workloads = (process.env.MEMP_BENCH_WORKLOADS ?? SIZE_WORKLOADS.join(',')).split(',').filter(Boolean);
for (const w of workloads) {
  if (!SIZE_WORKLOADS.includes(w as SizeWorkload)) {
    throw new Error(`MEMP_BENCH_WORKLOADS: ${JSON.stringify(w)} is not one of ${SIZE_WORKLOADS.join(', ')}`);
  }
}
const sectionsOnly = process.env.MEMP_BENCH_SECTIONS;
if (sectionsOnly !== undefined && sectionsOnly !== 'sizes') {
  throw new Error(`MEMP_BENCH_SECTIONS: only "sizes" is known, got ${JSON.stringify(sectionsOnly)}`);
}
const page = resolve(process.env.MEMP_BENCH_PAGE ?? join(tmpdir(), 'memp-bench-core-sizes.html'));

const dir = mkdtempSync(join(tmpdir(), 'memp-bench-'));
try {
  if (sectionsOnly !== 'sizes') await fixedSections();
  if (workloads.length > 0) await sizeSweep();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The sections bench:core always had: learn, storage, retrieval per size, dense vectors. */
async function fixedSections(): Promise<void> {
  const storageCount = Number(process.env.MEMP_BENCH_STORAGE ?? 20_000);
  console.log('memp core benchmark: SQLite file store, offline hashing embedder (512-d), synthetic ALFWorld-style');
  console.log(`trajectories (src/bench/synthetic-trajectories.ts), 2 cores; load average at start ${load()}`);

  console.log('\nlearn throughput, trajectories/s (Vanilla update, proceduralization build)');
  console.log('| synchronous | learn() first 1,000 (cold) | learn() next 2,000 | learnBatch(100) |');
  console.log('|---|---|---|---|');
  for (const synchronous of ['normal', 'full'] as const) {
    const f = await measureLearn({ dir, synchronous });
    console.log(`| ${synchronous} | ${f.singleCold.toFixed(0)} | ${f.singleWarm.toFixed(0)} | ${f.batch.toFixed(0)} |`);
  }

  const s = await measureStorage({ dir, count: storageCount });
  console.log(
    `\nbytes on disk per memory, ${s.memories} memories (JSONL of the trajectories: ${s.jsonlBytesPerMemory.toFixed(0)} B each)`,
  );
  console.log(`  before (schema 2: a float32 BLOB per task and per keyword): ${s.beforeBytesPerMemory.toFixed(0)} B`);
  console.log(
    `  after (compact vectors): ${s.afterBytesPerMemory.toFixed(0)} B, of which vectors ${s.afterVectorBytesPerMemory.toFixed(0)} B`,
  );
  console.log(
    `  recall@10 of the compact store against the float32 ranking: task ${s.recallAt10.task.toFixed(3)}, keywords ${s.recallAt10.keywords.toFixed(3)}`,
  );

  console.log('\nretrieval, k = 10, p50 / p99 in ms; ANN = the HNSW index forced on (default from 20,000 active)');
  console.log(
    '(each query runs memp.retrieve, then store.search on the same query, whose caches the retrieve just warmed: ' +
      'the retrieve columns are what an agent waits for)',
  );
  console.log(
    '| memories | retrieve exact | retrieve ANN | search exact | search ANN | recall@10 ANN | AveFact retrieve (exact) | first search: exact load / build index / reopen saved | index file | load |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const r = await measureStoreRetrieval({ dir, size });
    console.log(
      `| ${size} | ${ms(r.exactRetrieve)} | ${ms(r.approximateRetrieve)} | ${ms(r.exactSearch)} | ${ms(r.approximateSearch)} | ` +
        `${r.recallAt10.toFixed(4)} | ${ms(r.aveFactRetrieve)} | ${r.firstSearchExactMs.toFixed(0)} / ${r.firstSearchBuildingMs.toFixed(0)} / ` +
        `${r.firstSearchReopenMs.toFixed(0)} ms | ${(r.indexFileBytes / 1e6).toFixed(1)} MB, ` +
        `${r.distinctTaskVectors.toLocaleString('en-US')} distinct task vectors | ${load()} |`,
    );
  }

  for (const [index, { size, dimension }] of dense.entries()) {
    const r = await measureDenseStoreRetrieval({ dir, size, dimension });
    if (index === 0) {
      console.log(`\nretrieval with dense synthetic vectors, k = 10, p50 / p99 in ms: ${r.description}`);
      console.log(
        `(500 queries; the query embedding is precomputed: a real model's round trip comes on top; ` +
          `retrieve exact over the first ${EXACT_RETRIEVE_QUERIES})`,
      );
      console.log(
        '| memories × dimension | retrieve exact | retrieve ANN | search exact | search ANN | recall@10 ANN | first search: exact load / build index / reopen saved | index file | load |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|');
    }
    console.log(
      `| ${size} × ${dimension} | ${ms(r.exactRetrieve)} | ${ms(r.approximateRetrieve)} | ${ms(r.exactSearch)} | ` +
        `${ms(r.approximateSearch)} | ${r.recallAt10.toFixed(4)} | ${r.firstSearchExactMs.toFixed(0)} / ` +
        `${r.firstSearchBuildingMs.toFixed(0)} / ${r.firstSearchReopenMs.toFixed(0)} ms | ` +
        `${(r.indexFileBytes / 1e6).toFixed(1)} MB | ${load()} |`,
    );
  }
}

/** Every workload at every size through the public API, printed and drawn on the HTML page. */
async function sizeSweep(): Promise<void> {
  console.log(`\nsize sweep through the public API (learnBatch, retrieve k = 10), workloads ${workloads.join(', ')}`);
  console.log(
    'retrieve p50 / p99 in ms; HNSW = the index forced on (the store default uses it from 20,000 active); CPU / ' +
      'retrieve = p50 / p99 of the CPU the retrieving process used per retrieve (all threads; less load-sensitive)',
  );
  console.log(
    'build / reopen = the first retrieve of a fresh process without / with the saved index (vectors loaded, index ' +
      'built or opened); RSS = peak resident memory of the learning process / of the process retrieving through the index',
  );
  console.log(
    '| workload | memories | learn / s | bytes / memory | retrieve exact | retrieve HNSW | CPU / retrieve HNSW | ' +
      'recall@10 HNSW | build / reopen | RSS learn / retrieve | load |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const points: WorkloadSizeFigures[] = [];
  for (const size of sizes) {
    for (const workload of workloads as SizeWorkload[]) {
      // The dense exact scan costs about 0.3 s per query at 100k × 1536 on this machine, and any exact scan about
      // as much at 1M: fewer queries there.
      const queries = (workload === 'near-duplicate-1536' && size > 20_000) || size > 200_000 ? 200 : 500;
      const f = await measureWorkloadAtSize({ dir, workload, size, queries, loadAverage: () => loadavg()[0] ?? 0 });
      points.push(f);
      console.log(
        `| ${workload} | ${size} | ${f.learnPerSecond.toFixed(0)} | ${f.bytesPerMemory.toFixed(0)} | ${ms(f.exactRetrieve)} | ` +
          `${ms(f.approximateRetrieve)} | ${ms(f.approximateRetrieveCpu)} | ${f.recallAt10.toFixed(4)} | ${(f.indexBuildMs / 1000).toFixed(1)} / ` +
          `${(f.indexReopenMs / 1000).toFixed(1)} s | ${(f.learnRssBytes / 1e6).toFixed(0)} / ` +
          `${(f.retrieveRssBytes / 1e6).toFixed(0)} MB | ${f.loadAverage.toFixed(2)} |`,
      );
      writeFileSync(
        page,
        buildSizeReportPage({
          points,
          title: 'memp bench:core against memory count',
          notes: [
            `SQLite file store, ${new Date().toISOString()}, load average at the end ${load()} on 2 shared cores ` +
              '(figures under load are noisy). Workloads: synthetic = generated ALFWorld-style trajectories, 512-d ' +
              'offline embedder; near-duplicate = task sentences templated from the ALFWorld train split with varied ' +
              'objects, receptacles, instance numbers and wording, 512-d offline embedder; near-duplicate-1536 = the ' +
              'same sentences through a 1536-d dense stand-in (random projection of the hashed features plus noise).',
            'Reproduce: MEMP_BENCH_SIZES=100,1000,10000,100000 MEMP_BENCH_SECTIONS=sizes npm run bench:core -w memp',
          ],
          uplot: readUplotAssets(),
        }),
      );
    }
  }
  console.log(`\nsize page: ${page}`);
}
