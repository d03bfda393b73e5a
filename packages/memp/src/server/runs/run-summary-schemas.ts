import { z } from 'zod';

/** Success rate and mean steps of a group of episodes (ALFWorld `summary.json`). */
export const RunGroupStatsSchema = z
  .object({
    episodes: z.number(),
    successes: z.number(),
    successRate: z.number(),
    meanSteps: z.number(),
  })
  .loose();

/** One point of an ALFWorld learning curve. */
export const RunBatchSchema = z
  .object({
    index: z.number(),
    episodes: z.number(),
    successes: z.number(),
    successRate: z.number(),
    meanSteps: z.number(),
    memorySize: z.number(),
    updates: z.object({ created: z.number(), adjusted: z.number(), deprecated: z.number() }).optional(),
  })
  .loose();

/** The fields of an ALFWorld run's `summary.json` the console shows; the rest passes through. */
export const AlfworldRunSummarySchema = RunGroupStatsSchema.extend({
  runId: z.string(),
  label: z.string(),
  byTaskType: z.record(z.string(), RunGroupStatsSchema),
  batches: z.array(RunBatchSchema),
  tokens: z.object({ input: z.number(), output: z.number() }).loose(),
  memory: z.object({ initial: z.number(), final: z.number() }).loose(),
  durationMs: z.number(),
  stopped: z.object({ code: z.string(), message: z.string() }).loose().optional(),
  config: z
    .object({
      benchmark: z.literal('alfworld'),
      split: z.string(),
      agent: z.string(),
      mode: z.string(),
      memory: z.boolean(),
      build: z.string(),
      retrieve: z.string(),
      update: z.string(),
      k: z.number(),
      batch: z.number(),
      seed: z.number(),
      model: z.string().optional(),
    })
    .loose(),
})
  .loose()
  .meta({ id: 'AlfworldRunSummary' });
/** An ALFWorld run summary. */
export type AlfworldRunSummary = z.infer<typeof AlfworldRunSummarySchema>;

/** The fields of a TravelPlanner evaluation's `summary.json` the console shows; the rest passes through. */
export const TravelplannerRunSummarySchema = z
  .object({
    queries: z.number(),
    delivered: z.number(),
    deliveryRate: z.number(),
    commonsenseMicro: z.number(),
    commonsenseMacro: z.number(),
    hardMicro: z.number(),
    hardMacro: z.number(),
    finalPassRate: z.number(),
    config: z.object({ plans: z.string(), split: z.string(), strict: z.boolean() }).loose(),
    notes: z.array(z.string()),
  })
  .loose()
  .meta({ id: 'TravelplannerRunSummary' });
/** A TravelPlanner evaluation summary. */
export type TravelplannerRunSummary = z.infer<typeof TravelplannerRunSummarySchema>;

/** What a run directory holds, recognised from its files. */
export const RunKindSchema = z.enum(['alfworld', 'travelplanner', 'comparison', 'unknown']);
/** What a run directory holds. */
export type RunKind = z.infer<typeof RunKindSchema>;

/** Files a run directory may expose, read-only. Nothing else under the runs directory is ever read. */
export const RUN_FILE_NAMES = [
  'summary.json',
  'report.md',
  'episodes.jsonl',
  'comparison.json',
  'comparison.md',
  'evaluations.jsonl',
] as const;
/** One of {@link RUN_FILE_NAMES}. */
export type RunFileName = (typeof RUN_FILE_NAMES)[number];
