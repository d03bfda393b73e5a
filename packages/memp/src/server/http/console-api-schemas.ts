import { z } from 'zod';
import { MemoryContentSchema, MemoryKindSchema, MemoryStatusSchema } from '../../core/memory.js';
import { RevisionReasonSchema } from '../../core/revision.js';
import {
  AlfworldRunSummarySchema,
  RUN_FILE_NAMES,
  RunKindSchema,
  TravelplannerRunSummarySchema,
} from '../runs/run-summary-schemas.js';
import { ApiMemorySchema, StatsSchema } from './http-schemas.js';

/** Response of `GET /v1/whoami`: what the presented key (or the anonymous loopback caller) may do. */
export const WhoamiSchema = z
  .object({
    role: z.enum(['read', 'write', 'admin']),
    /** The namespace the key is limited to, `*` for every namespace. */
    namespace: z.string(),
    keyId: z.string().optional(),
    /** True on a keyless loopback server: no key was presented and none is needed. */
    anonymous: z.boolean(),
    /** True when the server was started with a runs directory (`--runs`). */
    runs: z.boolean(),
  })
  .meta({ id: 'Whoami' });

/** A memory in a short list. */
export const MemoryBriefSchema = z
  .object({
    id: z.string(),
    task: z.string(),
    kind: MemoryKindSchema,
    status: MemoryStatusSchema,
    hits: z.number().int(),
    successRate: z.number(),
  })
  .meta({ id: 'MemoryBrief' });

/** Response of `GET …/overview`. */
export const OverviewSchema = z
  .object({
    stats: StatsSchema,
    bucket: z.enum(['minute', 'hour', 'day']),
    growth: z.array(
      z.object({ at: z.string(), created: z.number().int(), total: z.number().int(), active: z.number().int() }),
    ),
    mostSuccessful: z.array(MemoryBriefSchema),
    leastSuccessful: z.array(MemoryBriefSchema),
  })
  .meta({ id: 'Overview' });

/** Query of `GET …/overview`. */
export const OverviewQuerySchema = z.object({
  top: z.coerce.number().int().positive().max(50).optional(),
  minHits: z.coerce.number().int().nonnegative().optional(),
});

/** A line of a diff. */
export const DiffLineSchema = z.object({ op: z.enum(['same', 'del', 'add']), text: z.string() });

/** Response of `GET …/memories/{id}/history`. */
export const HistorySchema = z
  .object({
    memory: ApiMemorySchema,
    changes: z.array(
      z.object({
        version: z.number().int(),
        reason: RevisionReasonSchema,
        note: z.string().optional(),
        at: z.string(),
        statusBefore: MemoryStatusSchema,
        statusAfter: MemoryStatusSchema,
        before: MemoryContentSchema,
        after: MemoryContentSchema,
        diffs: z.array(
          z.object({ field: z.enum(['task', 'keywords', 'kind', 'script', 'steps']), lines: z.array(DiffLineSchema) }),
        ),
      }),
    ),
  })
  .meta({ id: 'MemoryHistory' });

/** A run in `GET /v1/runs`. */
export const RunListItemSchema = z
  .object({
    id: z.string(),
    kind: RunKindSchema,
    label: z.string(),
    modifiedAt: z.string(),
    score: z.number().optional(),
    episodes: z.number().optional(),
  })
  .meta({ id: 'RunListItem' });

/** A run id path parameter: one or two directory names joined by `/` (send it URL-encoded, `%2F`). */
export const RunParamSchema = z.object({ id: z.string().min(1).max(401) });
/** Run id and file name path parameters. */
export const RunFileParamSchema = RunParamSchema.extend({ name: z.enum(RUN_FILE_NAMES) });

/** Response of `GET /v1/runs/{id}`. */
export const RunDetailSchema = z
  .object({
    id: z.string(),
    kind: RunKindSchema,
    modifiedAt: z.string(),
    files: z.array(z.object({ name: z.enum(RUN_FILE_NAMES), bytes: z.number().int() })),
    alfworld: AlfworldRunSummarySchema.optional(),
    travelplanner: TravelplannerRunSummarySchema.optional(),
    comparison: z.object({ rows: z.array(AlfworldRunSummarySchema), runs: z.array(z.string()) }).optional(),
    problem: z.string().optional(),
  })
  .meta({ id: 'RunDetail' });
