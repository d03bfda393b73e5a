import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import type { Embedder } from '../ports/embedder.js';
import { readAlfworldTrainTasks } from './alfworld-train-tasks.js';
import { createClusteredVectorSource } from './clustered-vectors.js';
import { generateNearDuplicateTasks, taskTemplates } from './near-duplicate-tasks.js';
import { createProjectedDenseEmbedder } from './projected-dense-embedder.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';
import { generateVariedTaskSentences } from './varied-task-sentences.js';

/**
 * What the ANN bench indexes:
 * - `hashing`: the 512-d offline hashing embedder over the task sentences of `generateSyntheticTrajectories` (the
 *   data of `npm run bench:core`; it has about 300k distinct sentences, so large sets hold many duplicates);
 * - `hashing-varied`: the same embedder over {@link generateVariedTaskSentences} (richer, fast at a million);
 * - `clustered`: synthetic dense vectors of any dimension from {@link createClusteredVectorSource};
 * - `near-duplicate`: the offline embedder (default 512-d) over {@link generateNearDuplicateTasks}, task sentences
 *   templated from the ALFWorld train split with varied objects, receptacles, instance numbers and wording (what an
 *   agent fleet writes: most memories have near-duplicates);
 * - `near-duplicate-dense`: the same sentences through {@link createProjectedDenseEmbedder} (default 1536-d).
 */
export type AnnDataKind = 'hashing' | 'hashing-varied' | 'clustered' | 'near-duplicate' | 'near-duplicate-dense';

/** Vectors to index and queries to ask, as flat row-major matrices. */
export interface AnnBenchData {
  dimension: number;
  vectors: Float32Array;
  queries: Float32Array;
  /** How the data was made, for the report. */
  description: string;
}

const EMBED_BATCH = 10_000;

async function embedAll(
  texts: string[],
  dimension: number,
  embedder: Embedder = createHashingEmbedder({ dimension }),
): Promise<Float32Array> {
  const out = new Float32Array(texts.length * dimension);
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    const vectors = await embedder.embed(texts.slice(i, i + EMBED_BATCH));
    for (const [j, v] of vectors.entries()) out.set(v, (i + j) * dimension);
  }
  return out;
}

/** Makes the bench data (seeded; queries are fresh samples of the same distribution, not copies). */
export async function generateAnnBenchData(options: {
  kind: AnnDataKind;
  size: number;
  queries: number;
  dimension?: number;
  seed?: number;
}): Promise<AnnBenchData> {
  const { kind, size } = options;
  const seed = options.seed ?? 5;
  if (kind === 'clustered') {
    const dimension = options.dimension ?? 512;
    const source = createClusteredVectorSource({ dimension, seed });
    return {
      dimension,
      vectors: source.sample({ count: size, seed: seed + 1 }),
      queries: source.sample({ count: options.queries, seed: seed + 2 }),
      description: source.description,
    };
  }
  if (kind === 'near-duplicate' || kind === 'near-duplicate-dense')
    return nearDuplicateData({ ...options, kind, seed });
  const dimension = options.dimension ?? 512;
  if (kind === 'hashing') {
    const tasks = generateSyntheticTrajectories({ count: size, seed, prefix: 'a' }).map((t) => t.task);
    const queries = generateSyntheticTrajectories({ count: options.queries, seed: seed + 1000, prefix: 'q' });
    return {
      dimension,
      vectors: await embedAll(tasks, dimension),
      queries: await embedAll(
        queries.map((t) => t.task),
        dimension,
      ),
      description:
        `hashing-v1-${dimension} over generateSyntheticTrajectories task sentences ` +
        `(${new Set(tasks).size} distinct of ${size}); queries are fresh generated tasks`,
    };
  }
  const tasks = generateVariedTaskSentences({ count: size, seed });
  const distinct = new Set(tasks).size;
  const queries = generateVariedTaskSentences({ count: options.queries, seed: seed + 1000 });
  return {
    dimension,
    vectors: await embedAll(tasks, dimension),
    queries: await embedAll(queries, dimension),
    description:
      `hashing-v1-${dimension} over varied task sentences (12 patterns, 60 objects, 16 adjectives, 40 places; ` +
      `${distinct} distinct of ${size}); queries are fresh generated tasks`,
  };
}

/** The near-duplicate kinds' data (see {@link AnnDataKind}); needs the ALFWorld train archive. */
async function nearDuplicateData(options: {
  kind: 'near-duplicate' | 'near-duplicate-dense';
  size: number;
  queries: number;
  dimension?: number;
  seed: number;
}): Promise<AnnBenchData> {
  const { kind, size, seed } = options;
  const train = await readAlfworldTrainTasks();
  const dense = kind === 'near-duplicate-dense';
  const dimension = options.dimension ?? (dense ? 1536 : 512);
  const embedder = dense ? createProjectedDenseEmbedder({ dimension }) : createHashingEmbedder({ dimension });
  const tasks = generateNearDuplicateTasks({ tasks: train, count: size, seed });
  const queries = generateNearDuplicateTasks({ tasks: train, count: options.queries, seed: seed + 1000 });
  return {
    dimension,
    vectors: await embedAll(tasks, dimension, embedder),
    queries: await embedAll(queries, dimension, embedder),
    description:
      `${embedder.id} over near-duplicate task sentences from ${train.length} ALFWorld train tasks ` +
      `(${taskTemplates(train).distinct} templates; ${new Set(tasks).size} distinct of ${size}); queries are fresh generated tasks`,
  };
}
