import { z } from 'zod';
import { MempError } from '../../core/errors.js';

/** Default lexical field weights of the `hybrid` policy (measured on the paraphrase set, see docs/retrieval.md). */
export const DEFAULT_HYBRID_FIELD_WEIGHTS = { task: 1, keywords: 0.5, procedure: 0.2 } as const;

/**
 * The tunable settings of the `hybrid` retrieval policy, as data (a JSON file for the CLI and server, an object in
 * code), so an environment tunes retrieval without code.
 */
export const HybridSettingsSchema = z.strictObject({
  /** Weight of each lexical field's matches (≥ 0, not all 0). Default {@link DEFAULT_HYBRID_FIELD_WEIGHTS}. */
  weights: z
    .strictObject({
      task: z.number().min(0).optional(),
      keywords: z.number().min(0).optional(),
      procedure: z.number().min(0).optional(),
    })
    .optional(),
  /** Weight of each ranking in the reciprocal-rank fusion. Default 1 and 1. */
  fusion: z.strictObject({ vector: z.number().min(0).optional(), lexical: z.number().min(0).optional() }).optional(),
  /** The fusion constant k of `weight / (k + rank)`. Default 60. */
  rrfK: z.number().positive().optional(),
  /** How deep each ranking is read before fusing. Default max(20, 3·k), at most 1000. */
  candidates: z.number().int().min(1).max(1000).optional(),
  /** `collapse`: keep near-duplicates of a higher-ranked memory out of the k (see `collapseNearDuplicates`); `none` (default: collapsing lowered top-3 same-type retrieval on ALFWorld, docs/retrieval.md). */
  diversity: z.enum(['collapse', 'none']).optional(),
  /** Jaccard similarity of task + procedure terms at or above which two memories are near-duplicates. Default 0.8. */
  duplicateThreshold: z.number().min(0).max(1).optional(),
  /** Groups of words or phrases meaning the same thing in this environment (see `SynonymGroups`). */
  synonyms: z
    .array(z.array(z.string().min(1).max(200)).min(2).max(50))
    .max(10_000)
    .optional(),
  /**
   * Query expansion learned from the namespace. `feedback`: the task terms shared by at least two of the first
   * fused results are added to the lexical query, which is searched again. `cooccurrence`: the words that tasks
   * solved by the same procedure use for the query's words (`learnTermCooccurrence`, relearned as the namespace
   * changes) are added to the lexical query. Default `none` (docs/retrieval.md has the measurements).
   */
  expansion: z.enum(['none', 'feedback', 'cooccurrence']).optional(),
  /** Thresholds of `expansion: "cooccurrence"` (see `CooccurrenceThresholds`; defaults there). */
  cooccurrence: z
    .strictObject({
      minSimilarity: z.number().min(0).max(1).optional(),
      minSupport: z.number().int().min(1).optional(),
      maxSameTask: z.number().min(0).max(1).optional(),
      minTasks: z.number().int().min(1).optional(),
      maxPerTerm: z.number().int().min(1).max(20).optional(),
      maxTerms: z.number().int().min(1).max(50).optional(),
    })
    .optional(),
});

/** The tunable settings of the `hybrid` retrieval policy. */
export type HybridSettings = z.infer<typeof HybridSettingsSchema>;

/**
 * Parses hybrid settings from untrusted data (a JSON file's content): `INVALID_ARGUMENT` naming `source` and the
 * first bad field.
 */
export function parseHybridSettings(value: unknown, source = 'hybrid settings'): HybridSettings {
  const parsed = HybridSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw new MempError('INVALID_ARGUMENT', `${source}: ${field}: ${issue?.message ?? 'invalid'}`, {
      details: { field, source },
    });
  }
  const weights = parsed.data.weights;
  if (weights !== undefined && Object.keys(weights).length === 3 && Object.values(weights).every((w) => w === 0)) {
    throw new MempError('INVALID_ARGUMENT', `${source}: weights: at least one must be positive`, {
      details: { field: 'weights', source },
    });
  }
  return parsed.data;
}
