import { z } from 'zod';
import { MAX_MEMORY_KEYWORDS, MemorySchema, MemoryStatsSchema } from '../core/memory.js';
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

/** An ISO-8601 timestamp (`2025-01-01T00:00:00.000Z`, an offset allowed), as the clock writes them. */
const IsoTimestampSchema = z.iso.datetime({ offset: true });

/** A memory as an import accepts it: timestamps must be real dates, keywords at most {@link MAX_MEMORY_KEYWORDS}. */
const ImportedMemorySchema = MemorySchema.extend({
  keywords: z.array(z.string()).max(MAX_MEMORY_KEYWORDS),
  stats: MemoryStatsSchema.extend({ lastUsedAt: IsoTimestampSchema.optional() }),
  createdAt: IsoTimestampSchema,
  updatedAt: IsoTimestampSchema,
});

/** A memory line: the memory, its history, and optionally its vectors as plain number arrays. */
export const ExportMemoryLineSchema = z.strictObject({
  type: z.literal('memory'),
  memory: ImportedMemorySchema,
  revisions: z.array(RevisionSchema.extend({ at: IsoTimestampSchema })),
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
