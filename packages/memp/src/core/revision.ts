import { z } from 'zod';
import { MemoryContentSchema, MemoryStatusSchema } from './memory.js';

/**
 * Why a memory changed: `merge` — it absorbed another trajectory or memory, or was absorbed (consolidation);
 * `retention` — evicted by a namespace's retention limits (deprecated, never deleted).
 */
export const RevisionReasonSchema = z.enum(['adjustment', 'edit', 'merge', 'deprecation', 'retention']);
/** Why a memory changed. */
export type RevisionReason = z.infer<typeof RevisionReasonSchema>;

/**
 * The state of a memory *before* the change that produced `version`: revisions are the memory's history,
 * newest last. `note` says why (e.g. the adjustment's analysis).
 */
export const RevisionSchema = z.strictObject({
  memoryId: z.string().min(1),
  /** The version the change produced. The content before it is in `before`. */
  version: z.number().int().positive(),
  before: MemoryContentSchema,
  statusBefore: MemoryStatusSchema,
  reason: RevisionReasonSchema,
  note: z.string().optional(),
  at: z.string(),
});
/** One entry in a memory's history. */
export type Revision = z.infer<typeof RevisionSchema>;
