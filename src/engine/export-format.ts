import { z } from 'zod';
import { MemorySchema } from '../core/memory.js';
import { RevisionSchema } from '../core/revision.js';
import { TrajectorySchema } from '../core/trajectory.js';

/** Version of the export file format written by `memp export`. */
export const EXPORT_FORMAT_VERSION = 1;

/**
 * First line of an export file: what it is, where it came from, and the embedding space of its vectors
 * (null when exported without embeddings or from an empty namespace).
 */
export const ExportHeaderSchema = z.strictObject({
  format: z.literal('memp-export'),
  version: z.literal(EXPORT_FORMAT_VERSION),
  namespace: z.string(),
  exportedAt: z.string(),
  space: z.strictObject({ embedder: z.string(), dimension: z.number().int().positive() }).nullable(),
  memories: z.number().int().nonnegative(),
  trajectories: z.number().int().nonnegative(),
});
/** First line of an export file. */
export type ExportHeader = z.infer<typeof ExportHeaderSchema>;

/** A memory line: the memory, its history, and optionally its vectors as plain number arrays. */
export const ExportMemoryLineSchema = z.strictObject({
  type: z.literal('memory'),
  memory: MemorySchema,
  revisions: z.array(RevisionSchema),
  vectors: z
    .strictObject({ task: z.array(z.number().finite()), keywords: z.array(z.array(z.number().finite())) })
    .optional(),
});
/** A memory line of an export file. */
export type ExportMemoryLine = z.infer<typeof ExportMemoryLineSchema>;

/** A trajectory line: a source trajectory a memory was built from. */
export const ExportTrajectoryLineSchema = z.strictObject({
  type: z.literal('trajectory'),
  trajectory: TrajectorySchema,
});

/** Any line after the header. */
export const ExportLineSchema = z.discriminatedUnion('type', [ExportMemoryLineSchema, ExportTrajectoryLineSchema]);
/** Any line after the header. */
export type ExportLine = z.infer<typeof ExportLineSchema>;
