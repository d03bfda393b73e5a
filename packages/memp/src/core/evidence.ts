import { z } from 'zod';
import { MemoryContentSchema } from './memory.js';
import { RevisionReasonSchema } from './revision.js';

/**
 * How far memp believes a source. `trusted`: its single episodes may change what a memory says (unless other
 * sources proved the memory); `untrusted`: its changes of a memory's served content wait as candidates.
 */
export const TrustLevelSchema = z.enum(['trusted', 'untrusted']);
/** How far memp believes a source. */
export type TrustLevel = z.infer<typeof TrustLevelSchema>;

/** The source `local` callers get when they name none: an embedded library or CLI user. */
export const LOCAL_SOURCE = 'local';

/**
 * Who a write comes from: the API key id when the caller is authenticated (`key:<id>`), else the agent or run id
 * the caller gave, else {@link LOCAL_SOURCE}; and how far it is trusted.
 */
export const AttributionSchema = z.strictObject({
  source: z.string().min(1).max(200),
  trust: TrustLevelSchema,
});
/** Who a write comes from. */
export type Attribution = z.infer<typeof AttributionSchema>;

/**
 * What one evidence record says about a memory:
 * - `success` / `failure`: an episode that followed the memory ended so (a learn with `used`, or a reported outcome);
 * - `support`: a trajectory was distilled into the memory or merged into it (`episode` is the trajectory id);
 * - `candidate`: a change of the memory's served content that waits for confirmation (`proposal`);
 * - `promoted` / `rejected`: a candidate (`candidate` = its record id) was applied or dropped;
 * - `restored`: an admin restored the deprecated memory; deprecation counts only failures recorded after it.
 */
export const EvidenceKindSchema = z.enum([
  'success',
  'failure',
  'support',
  'candidate',
  'promoted',
  'rejected',
  'restored',
]);
/** What one evidence record says about a memory. */
export type EvidenceKind = z.infer<typeof EvidenceKindSchema>;

/** A change of a memory's served content that waits for confirmation (see {@link EvidenceRecord}). */
export const ProposalSchema = z.strictObject({
  /** The content fields it would replace. */
  content: MemoryContentSchema.partial(),
  /** What kind of change it is (an adjustment, a merge, an import over the memory). */
  reason: z.union([RevisionReasonSchema, z.literal('import')]),
  /** Why it was proposed. */
  note: z.string().optional(),
  /** The memory's version the proposal was made against; a later version makes it stale. */
  baseVersion: z.number().int().positive(),
});
/** A change of a memory's served content that waits for confirmation. */
export type Proposal = z.infer<typeof ProposalSchema>;

/** One attributed fact about a memory, append-only; kept with the memory and removed with it. */
export const EvidenceRecordSchema = z.strictObject({
  /** Unique in the namespace. */
  id: z.string().min(1),
  memoryId: z.string().min(1),
  kind: EvidenceKindSchema,
  source: z.string().min(1),
  trust: TrustLevelSchema,
  /** The episode (trajectory or run id) it came from, when there is one. */
  episode: z.string().optional(),
  /** `candidate` records: the proposed change. */
  proposal: ProposalSchema.optional(),
  /** `promoted`, `rejected` and `support` of a candidate: the candidate record's id. */
  candidate: z.string().optional(),
  at: z.string(),
});
/** One attributed fact about a memory. */
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

/**
 * A distinct witness: a trusted source vouches for its episodes, so each of its episodes counts once (a record
 * without an episode is an episode of its own); an untrusted source counts once whatever episode ids it claims, so
 * one key cannot fake many witnesses.
 */
export function witnessOf(record: Pick<EvidenceRecord, 'id' | 'source' | 'trust' | 'episode'>): string {
  return record.trust === 'trusted' ? `${record.source}#${record.episode ?? record.id}` : record.source;
}
