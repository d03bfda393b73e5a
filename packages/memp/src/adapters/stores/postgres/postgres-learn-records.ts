import { MempError } from '../../../core/errors.js';
import type { ChangeSet, LearnRecord } from '../../../ports/memory-store.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { type LearnRecordRow, learnRecordFromRow } from '../shared/learn-record-row.js';
import { planLearnRecords } from '../shared/plan-learn-records.js';
import type { PostgresSession } from './postgres-session.js';
import type { WriteStatement } from './postgres-write-statement.js';

/** A change's learn records in its write statement: the statement's final SELECT and the check of its row. */
export interface LearnRecordsPart {
  /** Ends the write statement: one row whose `learned` lists the digests inserted. */
  select: string;
  /** Fails the change with `CONFLICT` when a digest was already recorded (the transaction then rolls back). */
  check(row: unknown): void;
}

/**
 * Adds a change's learn records (idempotent learns) to its write statement (`writeChange`, under the namespace
 * lock): a digest the namespace already holds is not inserted (`ON CONFLICT DO NOTHING`), which the returned
 * part's `check` turns into `CONFLICT`. Undefined when there are none.
 */
export function addLearnRecords(
  w: WriteStatement,
  ns: string,
  change: ChangeSet,
  plan: ChangePlan,
): LearnRecordsPart | undefined {
  if (change.learnRecords === undefined) return undefined;
  // Digests already stored are found by the insert itself (no look-up first).
  const records = planLearnRecords(change, plan, { hasDigest: () => false });
  if (records.length === 0) return undefined;
  const inserted = w.add(`INSERT INTO learn_records (namespace, digest, trajectory_id, idempotency_key, at, result)
     SELECT ${ns}, * FROM unnest(${w.param(records.map((r) => r.digest))}::text[],
       ${w.param(records.map((r) => r.trajectoryId))}::text[], ${w.param(records.map((r) => r.idempotencyKey ?? null))}::text[],
       ${w.param(records.map((r) => r.at))}::text[], ${w.param(records.map((r) => JSON.stringify(r.result)))}::text[])
     ON CONFLICT (namespace, digest) DO NOTHING RETURNING digest`);
  return {
    select: `SELECT array(SELECT digest FROM ${inserted}) AS learned`,
    check: (row) => checkInserted(plan.namespace, records, (row as { learned?: string[] } | undefined)?.learned ?? []),
  };
}

function checkInserted(namespace: string, records: ReadonlyArray<{ digest: string }>, learned: string[]): void {
  if (learned.length < records.length) {
    const written = new Set(learned);
    const digest = records.find((r) => !written.has(r.digest))?.digest;
    throw new MempError('CONFLICT', `a learn with content digest ${digest} is already recorded in "${namespace}"`, {
      details: { digest },
    });
  }
}

/** The statement of {@link readLearnRecords}: `$1` the namespace, `$2` the digests, `$3` the key or null. */
export const READ_LEARN_RECORDS = `SELECT digest, trajectory_id, idempotency_key, at, result FROM learn_records
     WHERE namespace = $1 AND (digest = ANY($2::text[]) OR ($3::text IS NOT NULL AND idempotency_key = $3))
     ORDER BY at DESC, digest`;

/** The records of a namespace with one of `digests` or with `idempotencyKey`, newest first (one statement). */
export async function readLearnRecords(
  session: PostgresSession,
  query: { namespace: string; digests?: readonly string[]; idempotencyKey?: string },
): Promise<LearnRecord[]> {
  const r = await session.query<LearnRecordRow>(READ_LEARN_RECORDS, [
    query.namespace,
    [...(query.digests ?? [])],
    query.idempotencyKey ?? null,
  ]);
  return r.rows.map(learnRecordFromRow);
}
