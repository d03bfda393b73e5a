import { MempError } from '../../../core/errors.js';
import type { ChangeSet, LearnRecord } from '../../../ports/memory-store.js';
import type { ChangePlan } from './plan-change.js';

/** Longest digest a store accepts (a hex SHA-256 is 64 characters). */
const MAX_DIGEST_CHARS = 128;
/** Longest idempotency key a store accepts (the caller's key with its scope). */
const MAX_KEY_CHARS = 600;

function invalid(message: string, field: string): MempError {
  return new MempError('INVALID_ARGUMENT', message, { details: { field } });
}

/**
 * Validates a change's `learnRecords` against its plan and the store, before anything is written: each a digest
 * (1–128 characters), a trajectory id among the change's trajectories, a JSON object result, an optional key
 * (≤ 600 characters). A digest the namespace already holds, or one given twice, is `CONFLICT` (details: `digest`).
 * Returns the records to write, stamped with the change's `at`.
 */
export function planLearnRecords(
  change: ChangeSet,
  plan: Pick<ChangePlan, 'trajectories'>,
  reader: { hasDigest(digest: string): boolean },
): LearnRecord[] {
  const given: unknown = change.learnRecords ?? [];
  if (!Array.isArray(given)) throw invalid('learnRecords must be a list', 'learnRecords');
  const trajectories = new Set(plan.trajectories.map((t) => t.id));
  const seen = new Set<string>();
  return given.map((record: Partial<LearnRecord> | undefined, i) => {
    const field = `learnRecords.${i}`;
    const { digest, trajectoryId, result, idempotencyKey } = record ?? {};
    if (typeof digest !== 'string' || digest.length === 0 || digest.length > MAX_DIGEST_CHARS)
      throw invalid(`${field}.digest must be a string of 1 to ${MAX_DIGEST_CHARS} characters`, `${field}.digest`);
    if (typeof trajectoryId !== 'string' || !trajectories.has(trajectoryId))
      throw invalid(`${field}.trajectoryId must name a trajectory of the same change`, `${field}.trajectoryId`);
    if (result === null || typeof result !== 'object' || Array.isArray(result))
      throw invalid(`${field}.result must be a JSON object`, `${field}.result`);
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.length > MAX_KEY_CHARS))
      throw invalid(`${field}.idempotencyKey must be a string of at most ${MAX_KEY_CHARS} characters`, `${field}.key`);
    if (seen.has(digest) || reader.hasDigest(digest)) {
      throw new MempError(
        'CONFLICT',
        `a learn with content digest ${digest} is already recorded in "${change.namespace}"`,
        {
          details: { digest },
        },
      );
    }
    seen.add(digest);
    return {
      digest,
      trajectoryId,
      result: JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      at: change.at,
    };
  });
}

/**
 * Filters stored records by a {@link MemoryStore.learnRecords} query (digests or key; either matches), newest first,
 * for stores that hold them in memory or read them all.
 */
export function matchLearnRecords(
  records: Iterable<LearnRecord>,
  query: { digests?: readonly string[]; idempotencyKey?: string },
): LearnRecord[] {
  const digests = new Set(query.digests ?? []);
  const out: LearnRecord[] = [];
  for (const r of records) {
    if (digests.has(r.digest) || (query.idempotencyKey !== undefined && r.idempotencyKey === query.idempotencyKey))
      out.push(structuredClone(r));
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
