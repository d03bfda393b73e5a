import { z } from 'zod';
import { JsonRecordSchema } from './json-record.js';
import { NamespaceSchema } from './namespace.js';
import { StepSchema } from './step.js';

/**
 * What a memory holds: the raw trajectory, an abstract script, or both (proceduralization) — the procedures — or a
 * `lesson`: what one episode showed to be true (sub-goals reached, actions refused, where things were), distilled
 * from a failed trajectory by the `evidence` update policy. A lesson is not a procedure: retrieval serves lessons
 * beside the procedures, never in their place (`policies/update/lesson.ts`).
 */
export const MemoryKindSchema = z.enum(['trajectory', 'script', 'proceduralization', 'lesson']);
/** What a memory holds. */
export type MemoryKind = z.infer<typeof MemoryKindSchema>;

/** Active memories are retrieved; deprecated ones are kept with their history but never retrieved. */
export const MemoryStatusSchema = z.enum(['active', 'deprecated']);
/** Memory lifecycle status. */
export type MemoryStatus = z.infer<typeof MemoryStatusSchema>;

/**
 * Usage counters. `retrieved` counts the finished episodes that used the memory (hits);
 * `succeeded` and `failed` split those by outcome. Counters are commutative increments and
 * do not bump the memory's `version`.
 */
export const MemoryStatsSchema = z.strictObject({
  retrieved: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lastUsedAt: z.string().optional(),
});
/** Usage counters. */
export type MemoryStats = z.infer<typeof MemoryStatsSchema>;

/** Where a memory came from: who built it, from which trajectories, embedded by what. */
export const ProvenanceSchema = z.strictObject({
  /** Model id that built it, or `offline` for the offline policies. */
  builtBy: z.string().min(1),
  /** Ids of the trajectories it was distilled from. */
  from: z.array(z.string()),
  /** Id of the embedder its vectors were computed with. */
  embedder: z.string().min(1),
  /**
   * Set on import: the usage counters the memory had in the store it was exported from, and when it was imported.
   * Kept as history only: `stats` restart at zero, so deprecation decides on what happened in this store.
   */
  imported: z.strictObject({ stats: MemoryStatsSchema, at: z.string() }).optional(),
  /**
   * True when the model failed while building this memory and the offline policy built it instead:
   * `rebuild({ pending: true })` (`memp rebuild --pending`) retries the model later.
   */
  pendingRebuild: z.boolean().optional(),
});
/** Where a memory came from. */
export type Provenance = z.infer<typeof ProvenanceSchema>;

/**
 * Most keywords a memory may hold. Key=AveFact scores a memory by its keywords; a memory holding every common
 * task word would otherwise match every task (keyword stuffing). The offline and LLM extractors stay under it.
 */
export const MAX_MEMORY_KEYWORDS = 12;

/** The editable content of a memory: what revisions record and adjustments rewrite. */
export const MemoryContentSchema = z.strictObject({
  task: z.string().min(1),
  keywords: z.array(z.string()),
  kind: MemoryKindSchema,
  /** Concrete step-by-step instructions (fine-grained). */
  steps: z.array(StepSchema).optional(),
  /** An abstract, script-like procedure (high level). */
  script: z.string().optional(),
  meta: JsonRecordSchema.optional(),
});
/** The editable content of a memory. */
export type MemoryContent = z.infer<typeof MemoryContentSchema>;

/** One procedural memory. `version` starts at 1 and grows by one with every content or status change. */
export const MemorySchema = MemoryContentSchema.extend({
  id: z.string().min(1),
  namespace: NamespaceSchema,
  status: MemoryStatusSchema,
  stats: MemoryStatsSchema,
  provenance: ProvenanceSchema,
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** One procedural memory. */
export type Memory = z.infer<typeof MemorySchema>;

/** Picks the content fields of a memory (what a revision stores). */
export function memoryContent(memory: Memory): MemoryContent {
  const content: MemoryContent = { task: memory.task, keywords: memory.keywords, kind: memory.kind };
  if (memory.steps !== undefined) content.steps = memory.steps;
  if (memory.script !== undefined) content.script = memory.script;
  if (memory.meta !== undefined) content.meta = memory.meta;
  return content;
}
