import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { RERANK_CANDIDATES_PER_HIT, RERANK_MIN_CANDIDATES } from '../adapters/indexes/search-with-rerank.js';
import type { UsearchQuantization } from '../adapters/indexes/usearch-vector-index.js';
import { TASK_INDEX_TUNING } from '../adapters/stores/sqlite/namespace-task-index.js';
import { type AnnBenchCase, type AnnBenchResult, formatAnnBenchResult, runAnnBench } from './ann-bench.js';
import type { AnnDataKind } from './ann-bench-data.js';

/**
 * `npm run bench:ann [-- options]`: the vector-level ANN benchmark. Each case runs in its own child process (so
 * peak RSS is per case and memory is returned between cases) and prints exact vs ANN + re-rank figures.
 *
 * Options (or the environment variable in brackets):
 *   --cases kind:size[:dimension],…   [MEMP_ANN_CASES] default
 *        hashing:10000,hashing:100000,clustered:100000:1536,clustered:1000000,hashing-varied:1000000,
 *        near-duplicate:100000,near-duplicate-dense:100000,near-duplicate:1000000
 *        (the near-duplicate kinds read the ALFWorld train archive: see `alfworld-train-tasks.ts`)
 *   --queries N [MEMP_ANN_QUERIES] default 500;  --passes N timed passes per search setting, default 3
 *   --quantization f16|f32|bf16|i8, --connectivity M, --expansion-add N, --threads N   (build settings;
 *        default: the SQLite store's task index, `TASK_INDEX_TUNING` and `taskIndexConnectivity`)
 *   --ef a,b,…  --candidates a,b,…  --crowd-margin off,m,…   search settings, every combination measured (default:
 *        ef 128, the store's wide beam for large indexes, max(40, 4k) candidates, no crowd margin; see
 *        `taskIndexSearchTuning` and `searchWithRerank`)
 */
const DEFAULT_CASES =
  'hashing:10000,hashing:100000,clustered:100000:1536,clustered:1000000,hashing-varied:1000000,' +
  'near-duplicate:100000,near-duplicate-dense:100000,near-duplicate:1000000';

const DEFAULT_CANDIDATES = Math.max(RERANK_MIN_CANDIDATES, RERANK_CANDIDATES_PER_HIT * 10);

const CaseSchema = z.object({
  kind: z.enum(['hashing', 'hashing-varied', 'clustered', 'near-duplicate', 'near-duplicate-dense']),
  size: z.number().int().positive(),
  dimension: z.number().int().positive().optional(),
  queries: z.number().int().positive(),
  passes: z.number().int().positive().optional(),
  build: z.object({
    quantization: z.enum(['f32', 'f16', 'bf16', 'i8']).optional(),
    connectivity: z.number().int().positive().optional(),
    expansionAdd: z.number().int().positive().optional(),
    addThreads: z.number().int().positive().optional(),
  }),
  search: z
    .array(
      z.object({
        expansionSearch: z.number().int().positive(),
        candidates: z.number().int().positive(),
        crowdMargin: z.number().nonnegative().optional(),
      }),
    )
    .optional(),
});

function numbers(text: string | undefined, flag: string): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((x) => Number(x.trim()));
  if (values.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error(`${flag} takes positive integers: ${text}`);
  return values;
}

function parseCases(argv: string[]): z.infer<typeof CaseSchema>[] {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      queries: { type: 'string' },
      passes: { type: 'string' },
      quantization: { type: 'string' },
      connectivity: { type: 'string' },
      'expansion-add': { type: 'string' },
      threads: { type: 'string' },
      ef: { type: 'string' },
      candidates: { type: 'string' },
      'crowd-margin': { type: 'string' },
    },
  });
  const queries = numbers(values.queries ?? process.env.MEMP_ANN_QUERIES ?? '500', '--queries')?.[0] ?? 500;
  const efs = numbers(values.ef, '--ef');
  const candidates = numbers(values.candidates, '--candidates');
  const margins = values['crowd-margin']?.split(',').map((x) => {
    if (x.trim() === 'off') return undefined;
    const m = Number(x);
    if (!Number.isFinite(m) || m < 0) throw new Error(`--crowd-margin takes "off" or numbers ≥ 0: ${x}`);
    return m;
  });
  const search =
    efs === undefined && candidates === undefined && margins === undefined
      ? undefined
      : (efs ?? [TASK_INDEX_TUNING.expansionSearch]).flatMap((expansionSearch) =>
          (candidates ?? [DEFAULT_CANDIDATES]).flatMap((c) =>
            (margins ?? [undefined]).map((m) => ({
              expansionSearch,
              candidates: c,
              ...(m === undefined ? {} : { crowdMargin: m }),
            })),
          ),
        );
  const build = {
    ...(values.quantization ? { quantization: values.quantization as UsearchQuantization } : {}),
    ...(values.connectivity ? { connectivity: Number(values.connectivity) } : {}),
    ...(values['expansion-add'] ? { expansionAdd: Number(values['expansion-add']) } : {}),
    ...(values.threads ? { addThreads: Number(values.threads) } : {}),
  };
  const specs = (values.cases ?? process.env.MEMP_ANN_CASES ?? DEFAULT_CASES).split(',');
  return specs.map((spec) => {
    const [kind, size, dimension] = spec.trim().split(':');
    return CaseSchema.parse({
      kind: kind as AnnDataKind,
      size: Number(size),
      ...(dimension === undefined ? {} : { dimension: Number(dimension) }),
      queries,
      ...(values.passes === undefined ? {} : { passes: Number(values.passes) }),
      build,
      ...(search === undefined ? {} : { search }),
    });
  });
}

async function child(json: string): Promise<void> {
  const spec: AnnBenchCase = CaseSchema.parse(JSON.parse(json));
  const result = await runAnnBench({ ...spec, log: (line) => process.stderr.write(`  ${line}\n`) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function parent(argv: string[]): void {
  const cases = parseCases(argv);
  const self = fileURLToPath(import.meta.url);
  console.log('memp ANN benchmark: usearch HNSW + exact re-rank vs brute-force float32 scan (k = 10)');
  for (const spec of cases) {
    process.stderr.write(`case ${spec.kind} ${spec.size} ${spec.dimension ?? 512}-d\n`);
    const run = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--child', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (run.status !== 0) {
      console.log(`## ${spec.kind} ${spec.size}: FAILED (exit ${run.status ?? run.signal})`);
      process.exitCode = 1;
      continue;
    }
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as AnnBenchResult;
    console.log(`${formatAnnBenchResult(result).join('\n')}\n`);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child' && args[1] !== undefined) await child(args[1]);
else parent(args);
