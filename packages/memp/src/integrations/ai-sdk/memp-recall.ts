import { z } from 'zod';
import type { RunStep } from './run-step.js';

/** What the memp middleware recalled for one agent run. */
export interface MempRecall {
  /** The task text retrieval ran on. */
  task: string;
  /** The namespace searched. */
  namespace: string | undefined;
  /** The memories placed in the prompt, best first, with their similarity scores. */
  memories: Array<{ id: string; score: number; task: string }>;
  /** Ids of `memories`, in order: pass them to `learn` as `used`. */
  ids: string[];
  /** The rendered data block inserted after the task message; empty when nothing was recalled. */
  text: string;
}

/** The key of memp's entry in a step's `providerMetadata`. */
export const MEMP_METADATA_KEY = 'memp';

const RecallMetadataSchema = z.object({
  task: z.string(),
  namespace: z.string().optional(),
  recalled: z.array(z.object({ id: z.string().min(1), score: z.number() })),
});

/** What the middleware records on each model response (`providerMetadata.memp`): JSON only. */
export type RecallMetadata = z.infer<typeof RecallMetadataSchema>;

/** The `providerMetadata.memp` entry for a recall. */
export function recallMetadata(recall: MempRecall): RecallMetadata {
  return {
    task: recall.task,
    ...(recall.namespace === undefined ? {} : { namespace: recall.namespace }),
    recalled: recall.memories.map((m) => ({ id: m.id, score: m.score })),
  };
}

/**
 * Reads what the memp middleware recalled from the steps of a run (`providerMetadata.memp` of each step): the task
 * retrieval ran on and the union of recalled memory ids, in first-seen order. Undefined when no step carries the
 * entry (the model was not wrapped with the middleware, or the prompt had no task).
 */
export function recallFromSteps(steps: readonly RunStep[]): { task: string; ids: string[] } | undefined {
  let task: string | undefined;
  const ids: string[] = [];
  for (const step of steps) {
    const metadata = step.providerMetadata;
    if (typeof metadata !== 'object' || metadata === null || !(MEMP_METADATA_KEY in metadata)) continue;
    const parsed = RecallMetadataSchema.safeParse((metadata as Record<string, unknown>)[MEMP_METADATA_KEY]);
    if (!parsed.success) continue;
    task ??= parsed.data.task;
    for (const { id } of parsed.data.recalled) if (!ids.includes(id)) ids.push(id);
  }
  return task === undefined ? undefined : { task, ids };
}
