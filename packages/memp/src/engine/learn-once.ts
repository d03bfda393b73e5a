import { createHash } from 'node:crypto';
import { MempError, isMempError } from '../core/errors.js';
import type { Trajectory } from '../core/trajectory.js';
import type { LearnRecord, LearnRecordInput, MemoryStore } from '../ports/memory-store.js';
import { allInOrder } from './all-in-order.js';
import type { LearnItem, LearnResult } from './learn-planner.js';
import { type UsedMemoryReads, readUsedMemories } from './used-memory-reads.js';

/**
 * How long an idempotency key binds its content: 24 hours. Within it, the same key with another content is refused
 * (`IDEMPOTENCY_KEY_REUSED`); after it the key is forgotten (the content digest still recognises the same content).
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Longest idempotency key accepted (characters, with any scope a surface adds, such as the caller's API key id). */
export const MAX_IDEMPOTENCY_KEY_CHARS = 512;

/** What makes a learn recognisable: its content digest and, optionally, the caller's idempotency key. */
export interface LearnIdentity {
  digest: string;
  idempotencyKey?: string;
}

/**
 * The content digest of a learn (hex SHA-256, prefixed `v1:`), over the normalised trajectory: `task` (trimmed),
 * `steps` (each `thought`, `action`, `observation` as given), `outcome.success`, `outcome.reward`, `outcome.steps`
 * (defaulted to the number of steps), `model`, `env`, the `used` memory ids (sorted, without repeats), and the
 * trajectory `id` only when the caller gave one (`idGiven`): two episodes with the same content and different ids
 * are two episodes (an agent may fail the same task the same way twice), while the same content without an id, or
 * with the same id, is one. Not in it: a generated id, the `namespace` (records are per namespace) and `meta`
 * (annotations such as timestamps or run ids, which differ between retries of one episode).
 */
export function learnContentDigest(trajectory: Trajectory, used: readonly string[], idGiven: boolean): string {
  const content = [
    idGiven ? trajectory.id : null,
    trajectory.task,
    trajectory.steps.map((s) => [s.thought ?? null, s.action, s.observation ?? null]),
    [trajectory.outcome.success, trajectory.outcome.reward ?? null, trajectory.outcome.steps],
    trajectory.model ?? null,
    trajectory.env ?? null,
    [...new Set(used)].sort(),
  ];
  return `v1:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}

/** True when a submitted trajectory carries its own id (a plain object with a string `id`). */
export function hasGivenId(input: unknown): boolean {
  return typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string';
}

/** Checks an idempotency key: 1–512 printable ASCII characters, else `INVALID_ARGUMENT` naming `idempotencyKey`. */
export function checkIdempotencyKey(key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]+$/.test(key) || key.length > MAX_IDEMPOTENCY_KEY_CHARS) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_CHARS} printable ASCII characters without spaces`,
      { details: { field: 'idempotencyKey' } },
    );
  }
  return key;
}

/** A stored learn's result, marked as replayed. */
function replay(record: LearnRecord): LearnResult {
  const { upkeepError: _dropped, ...result } = record.result as unknown as LearnResult;
  return { ...result, replayed: true };
}

/**
 * The first learn of this identity when one is stored (its result, `replayed: true`), else undefined. A key seen
 * within {@link IDEMPOTENCY_KEY_RETENTION_MS} with another content digest is `IDEMPOTENCY_KEY_REUSED`. Undefined
 * for a store without learn records.
 */
export async function findPriorLearn(options: {
  store: MemoryStore;
  namespace: string;
  identity: LearnIdentity;
  now: string;
}): Promise<LearnResult | undefined> {
  const { store, namespace, identity } = options;
  if (store.learnRecords === undefined) return undefined;
  const records = await store.learnRecords({
    namespace,
    digests: [identity.digest],
    ...(identity.idempotencyKey === undefined ? {} : { idempotencyKey: identity.idempotencyKey }),
  });
  const key = identity.idempotencyKey;
  if (key !== undefined) {
    const since = new Date(Date.parse(options.now) - IDEMPOTENCY_KEY_RETENTION_MS).toISOString();
    const keyed = records.find((r) => r.idempotencyKey === key && r.at >= since);
    if (keyed !== undefined && keyed.digest !== identity.digest) {
      throw new MempError(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotency key "${key}" was used in "${namespace}" for another trajectory at ${keyed.at}; ` +
          'a retry must send the same trajectory, a new learn a new key',
        { details: { field: 'idempotencyKey', firstUsedAt: keyed.at } },
      );
    }
  }
  const same = records.find((r) => r.digest === identity.digest);
  return same === undefined ? undefined : replay(same);
}

/**
 * The first learn of each identity, in order ({@link findPriorLearn}), looked up together: the identities without a
 * key in one query for all their digests, each one with a key by itself (its key is part of its query). A failure is
 * the first in identity order, as when looked up one by one.
 */
export async function findPriorLearns(options: {
  store: MemoryStore;
  namespace: string;
  identities: readonly LearnIdentity[];
  now: string;
}): Promise<Array<LearnResult | undefined>> {
  const { store, namespace, identities, now } = options;
  const unkeyed = identities.filter((identity) => identity.idempotencyKey === undefined).map((i) => i.digest);
  const byDigest =
    unkeyed.length === 0 || store.learnRecords === undefined
      ? Promise.resolve(new Map<string, LearnRecord>())
      : store.learnRecords({ namespace, digests: unkeyed }).then((records) => {
          const first = new Map<string, LearnRecord>();
          for (const record of records) if (!first.has(record.digest)) first.set(record.digest, record);
          return first;
        });
  return allInOrder(
    identities.map((identity) =>
      identity.idempotencyKey === undefined
        ? byDigest.then((records) => {
            const record = records.get(identity.digest);
            return record === undefined ? undefined : replay(record);
          })
        : findPriorLearn({ store, namespace, identity, now }),
    ),
  );
}

/** The learn records to write with a change: one per item that has an identity (its planned result). */
export function learnRecordsFor(
  items: ReadonlyArray<{ trajectory: Trajectory; identity?: LearnIdentity }>,
  results: readonly LearnResult[],
): LearnRecordInput[] {
  const records: LearnRecordInput[] = [];
  items.forEach((item, i) => {
    const result = results[i];
    if (item.identity === undefined || result === undefined) return;
    records.push({
      digest: item.identity.digest,
      trajectoryId: item.trajectory.id,
      result: JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
      ...(item.identity.idempotencyKey === undefined ? {} : { idempotencyKey: item.identity.idempotencyKey }),
    });
  });
  return records;
}

/** One item to learn with its identity (see {@link LearnIdentity}). */
export interface IdentifiedLearnItem extends LearnItem {
  identity: LearnIdentity;
}

/** How often a learn re-checks its digests after losing a race to an identical concurrent learn. */
const MAX_REPLAY_ROUNDS = 3;

/**
 * Learns `items` at most once each: an item whose content (or key) was learned before is answered with the first
 * learn's result (`replayed: true`) and writes nothing; an item repeating an earlier item of the same call gets that
 * item's result; the rest are learned by `commit` as one change that records their digests. When a concurrent
 * identical learn commits first (the store refuses the digest with `CONFLICT`), the items are checked again, so the
 * loser replays the winner's result instead of failing.
 *
 * The store reads come first and together, one wait for all ({@link findPriorLearns} beside
 * {@link readUsedMemories} of every item's used memories, which `commit` plans with): a replay costs no more time
 * than the look-up alone and calls no model, and a new learn no longer waits for the look-up before its reads.
 * A failing look-up fails the learn with its error whatever the reads do; a failing read fails only a learn that
 * goes on to `commit`.
 */
export async function learnOnce(options: {
  store: MemoryStore;
  namespace: string;
  items: readonly IdentifiedLearnItem[];
  /** The time for the key retention check; read only when an item has a key. */
  now: () => string;
  commit: (items: IdentifiedLearnItem[], reads: UsedMemoryReads) => Promise<LearnResult[]>;
}): Promise<LearnResult[]> {
  const { store, namespace, items } = options;
  for (let round = 1; ; round++) {
    const results: Array<LearnResult | undefined> = [];
    const firstOf = new Map<string, number>();
    const fresh: number[] = [];
    const now = items.some((i) => i.identity.idempotencyKey !== undefined) ? options.now() : '';
    const distinct: number[] = [];
    for (const [index, item] of items.entries()) {
      if (firstOf.has(item.identity.digest)) continue;
      firstOf.set(item.identity.digest, index);
      distinct.push(index);
    }
    const reads = readUsedMemories({ store, namespace, ids: items.flatMap((item) => item.used) });
    // Awaited only by a learn that commits: a replay (or a failed look-up) leaves it, handled here.
    reads.catch(() => undefined);
    const identities = distinct.map((index) => (items[index] as IdentifiedLearnItem).identity);
    const priors = await findPriorLearns({ store, namespace, identities, now });
    distinct.forEach((index, n) => {
      results[index] = priors[n];
      if (priors[n] === undefined) fresh.push(index);
    });
    try {
      const learned =
        fresh.length === 0
          ? []
          : await options.commit(
              fresh.map((i) => items[i] as IdentifiedLearnItem),
              await reads,
            );
      fresh.forEach((index, n) => {
        results[index] = learned[n];
      });
    } catch (error) {
      const lostRace = isMempError(error, 'CONFLICT') && error.details['digest'] !== undefined;
      if (!lostRace || round >= MAX_REPLAY_ROUNDS) throw error;
      continue;
    }
    return items.map((item, index) => {
      const own = results[index];
      if (own !== undefined) return own;
      const first = results[firstOf.get(item.identity.digest) as number] as LearnResult;
      return { ...first, replayed: true };
    });
  }
}
