import { RANKINGS } from '../../policies/retrieve/utility-ranking.js';
import { z } from 'zod';
import { MemoryKindSchema, MemorySchema, MemoryStatusSchema } from '../../core/memory.js';
import { NamespaceSchema } from '../../core/namespace.js';
import { RevisionSchema } from '../../core/revision.js';
import { EvidenceRecordSchema } from '../../core/evidence.js';
import { EXPANSION_KINDS, RETRIEVAL_KEYS } from '../../core/retrieved.js';
import { StepSchema } from '../../core/step.js';
import { TrajectoryInputSchema } from '../../core/trajectory.js';
import { ERROR_CODES } from '../../core/errors.js';
import { MemoryEditSchema } from '../../engine/memory-operations.js';
import { RETRIEVE_POLICY_NAMES } from '../../policies/retrieve/retrieve-policy.js';

/** Every error body: `{ error: { code, message, details } }`. */
export const ErrorBodySchema = z
  .object({
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'Error' });

/** `{namespace}` path parameter. */
export const NamespaceParamSchema = z.object({ namespace: NamespaceSchema });
/** `{namespace}` and `{id}` path parameters. */
export const MemoryParamSchema = z.object({ namespace: NamespaceSchema, id: z.string().min(1) });

/** A memory, as stored (the library's `MemorySchema`). */
export const ApiMemorySchema = MemorySchema.meta({ id: 'Memory' });
/** A revision (the library's `RevisionSchema`). */
export const ApiRevisionSchema = RevisionSchema.meta({ id: 'Revision' });

/** Why a memory was retrieved (`explain: true`), see the library's `RetrievalExplanation`. */
export const RetrievalExplanationSchema = z
  .object({
    vector: z.object({ rank: z.number().int(), score: z.number() }).optional(),
    lexical: z.object({ rank: z.number().int(), score: z.number(), matched: z.array(z.string()) }).optional(),
    contributions: z.object({ vector: z.number(), lexical: z.number() }).optional(),
    expandedTerms: z.array(z.string()).optional(),
    expansions: z
      .array(
        z.object({
          term: z.string(),
          kind: z.enum(EXPANSION_KINDS),
          from: z.array(z.string()).optional(),
          support: z.number().optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'RetrievalExplanation' });

/** Body of `POST …/retrieve`. */
export const RetrieveBodySchema = z.strictObject({
  task: z.string().trim().min(1),
  k: z.number().int().positive().max(100).optional(),
  minScore: z.number().finite().optional(),
  maxTokens: z.number().int().positive().optional(),
  policy: z.enum(RETRIEVE_POLICY_NAMES).optional(),
  /** `similarity` (the paper's) or `utility` (similar candidates re-ranked by their record when followed). */
  rank: z.enum(RANKINGS).optional(),
  /** Most lessons (what past failed attempts showed) served beside the procedures; 0 serves none. */
  lessons: z.number().int().min(0).max(20).optional(),
  /** Also return, on each result, why it was retrieved (ranks, scores, matched terms). */
  explain: z.boolean().optional(),
  /** Also return the memories rendered as prompt text, delimited as data (`true` = the engine's format). */
  render: z.union([z.boolean(), z.enum(['memp', 'markdown'])]).optional(),
  /** Also return the memories rendered in every format, each with its token estimate. */
  renderAll: z.boolean().optional(),
});

/** Response of `POST …/retrieve`. */
export const RetrieveResponseSchema = z.object({
  results: z.array(
    z.object({
      memory: ApiMemorySchema,
      score: z.number(),
      key: z.enum(RETRIEVAL_KEYS),
      explain: RetrievalExplanationSchema.optional(),
    }),
  ),
  rendered: z.string().optional(),
  /** Token estimate of `rendered`. */
  renderedTokens: z.number().int().optional(),
  /** With `renderAll`: the prompt text in each format and its token estimate. */
  renderings: z
    .array(z.object({ format: z.enum(['memp', 'markdown']), text: z.string(), tokens: z.number().int() }))
    .optional(),
});

/** A trajectory as users submit it (the library's `TrajectoryInputSchema`). */
export const ApiTrajectoryInputSchema = TrajectoryInputSchema.meta({ id: 'TrajectoryInput' });

/** Body of `POST …/learn`: one finished episode. */
export const LearnBodySchema = z.strictObject({
  trajectory: ApiTrajectoryInputSchema,
  used: z.array(z.string().min(1)).optional(),
});
/** Body of `POST …/learn/batch`: many episodes, learned all or nothing. */
export const LearnBatchBodySchema = z.strictObject({
  items: z
    .array(z.strictObject({ trajectory: ApiTrajectoryInputSchema, used: z.array(z.string().min(1)).optional() }))
    .min(1)
    .max(1000),
});
/** What learning one episode changed. */
export const LearnResultSchema = z
  .object({
    trajectoryId: z.string(),
    created: z.string().optional(),
    adjusted: z.array(z.string()),
    deprecated: z.array(z.string()),
    replayed: z
      .boolean()
      .optional()
      .describe('True when an identical learn was made before: nothing was written, this is its result'),
    candidates: z
      .array(z.string())
      .optional()
      .describe('Memories this episode would have rewritten but may not by itself: a candidate waits beside each'),
  })
  .meta({ id: 'LearnResult' });

/** The optional `Idempotency-Key` header of `POST …/learn` (1–255 printable ASCII characters). */
export const IdempotencyKeyHeaderSchema = z.object({
  'idempotency-key': z.string().optional().meta({
    description:
      'A key per learn attempt (1–255 printable ASCII characters, per namespace and API key, kept 24 hours): a retry with the same key and body replays the first response',
  }),
});

/** Query of `GET …/memories`. */
export const ListQuerySchema = z.object({
  status: MemoryStatusSchema.optional(),
  kind: MemoryKindSchema.optional(),
  limit: z.coerce.number().int().positive().max(1000).optional(),
  after: z.string().min(1).optional(),
  /** Text filter: memories whose id, task, keywords, script or steps contain it (case-insensitive). */
  q: z.string().trim().min(1).max(500).optional(),
});
/**
 * Response of `GET …/memories`: a page, and the cursor of the next one when the page is full. With `q`, `matched`
 * counts every memory that matches the filters (all pages).
 */
export const ListResponseSchema = z.object({
  memories: z.array(ApiMemorySchema),
  next: z.string().optional(),
  matched: z.number().int().optional(),
});
/** Response of `GET …/memories/{id}`. */
/** What a memory's attributed evidence says, in counts (see docs/trust.md). */
export const EvidenceSummarySchema = z
  .object({
    counts: z.record(z.string(), z.number().int()),
    sources: z.array(z.string()),
    witnesses: z.object({ success: z.number().int(), failure: z.number().int() }),
    pending: z.number().int(),
  })
  .meta({ id: 'EvidenceSummary' });
export const MemoryDetailSchema = z.object({
  memory: ApiMemorySchema,
  revisions: z.array(ApiRevisionSchema),
  evidence: EvidenceSummarySchema,
});
/** One pending candidate (admin). */
export const PendingCandidateSchema = z
  .object({ record: EvidenceRecordSchema, stale: z.boolean(), witnesses: z.number().int() })
  .meta({ id: 'PendingCandidate' });

/** Body of `PATCH …/memories/{id}`: content fields to replace, and the version seen (or an `If-Match` header). */
export const EditBodySchema = MemoryEditSchema.extend({
  version: z.number().int().positive().optional(),
  note: z.string().optional(),
  steps: z.array(StepSchema).optional(),
}).strict();
/** Body of deprecate / restore / delete: the version seen (optional; `If-Match` works too) and a note. */
export const LifecycleBodySchema = z.strictObject({
  version: z.number().int().positive().optional(),
  note: z.string().optional(),
});
/** The `If-Match` header: a memory version, optionally quoted (`"3"`). */
export const IfMatchHeaderSchema = z.object({ 'if-match': z.string().optional() });

/** Ids of the memories an episode used: 1 to 100. */
const UsedIdsSchema = z.array(z.string().min(1)).min(1).max(100);

/**
 * Body of `POST …/outcomes`: `used`, the ids of the memories the episode used (the name learn's body, the library
 * and the MCP tools share), and `success`. `memoryIds` is the older name of `used`, still accepted; give one of them
 * (both or neither → 400 naming `used`).
 */
export const OutcomeBodySchema = z
  .strictObject({
    used: UsedIdsSchema.optional().describe('Ids of the memories the episode used (required unless `memoryIds`).'),
    memoryIds: UsedIdsSchema.optional().meta({ deprecated: true, description: 'The older name of `used`.' }),
    success: z.boolean(),
    episode: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The run the outcome is of; for a trusted key, distinct runs count as distinct witnesses'),
  })
  .superRefine((body, ctx) => {
    if ((body.used === undefined) === (body.memoryIds === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['used'],
        message: 'give `used` (or its older name `memoryIds`), not both',
      });
    }
  });
/** Response of `POST …/outcomes`. */
export const OutcomeResponseSchema = z.object({ memories: z.array(ApiMemorySchema), deprecated: z.array(z.string()) });

/** Namespace counts. */
export const StatsSchema = z.object({
  namespace: z.string(),
  memories: z.number().int(),
  active: z.number().int(),
  deprecated: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  trajectories: z.number().int(),
  revisions: z.number().int(),
  space: z.object({ embedder: z.string(), dimension: z.number().int() }).optional(),
});

/** Query of `GET …/export`. */
export const ExportQuerySchema = z.object({ embeddings: z.enum(['true', 'false']).optional() });
/** Query of `POST …/import`. */
export const ImportQuerySchema = z.object({ onConflict: z.enum(['error', 'skip']).optional() });
/** Response of `POST …/import`. */
export const ImportResponseSchema = z.object({
  imported: z.number().int(),
  skipped: z.number().int(),
  trajectories: z.number().int(),
  reembedded: z.boolean(),
  sourceEmbedder: z.string().optional(),
});

/** An API key's public record. */
export const ApiKeyRecordSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    namespace: z.string(),
    role: z.enum(['read', 'write', 'admin']),
    trust: z.enum(['trusted', 'untrusted']).optional(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'ApiKey' });
/** Body of `POST /v1/keys`. */
export const CreateKeyBodySchema = z.strictObject({
  namespace: z.union([NamespaceSchema, z.literal('*')]),
  role: z.enum(['read', 'write', 'admin']),
  name: z.string().min(1).max(200).optional(),
  trust: z
    .enum(['trusted', 'untrusted'])
    .optional()
    .describe('Default: trusted for admin keys, untrusted for read and write keys'),
});
