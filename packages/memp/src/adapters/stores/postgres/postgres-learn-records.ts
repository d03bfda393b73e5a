import type pg from 'pg';
import { MempError } from '../../../core/errors.js';
import type { ChangeSet, LearnRecord } from '../../../ports/memory-store.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { learnRecordDigests, planLearnRecords } from '../shared/plan-learn-records.js';
import type { PostgresSession } from './postgres-session.js';

interface LearnRecordRow {
  digest: string;
  trajectory_id: string;
  idempotency_key: string | null;
  at: string;
  result: string;
}

function recordFromRow(row: LearnRecordRow): LearnRecord {
  let result: unknown;
  try {
    result = JSON.parse(row.result);
  } catch {
    throw new MempError('STORAGE_FAILED', `learn record ${row.digest} has a result that is not JSON`);
  }
  return {
    digest: row.digest,
    trajectoryId: row.trajectory_id,
    result: result as Record<string, unknown>,
    ...(row.idempotency_key === null ? {} : { idempotencyKey: row.idempotency_key }),
    at: row.at,
  };
}

/**
 * Validates and writes a change's learn records (idempotent learns) inside its transaction, after `writeChange`
 * took the namespace lock: a digest already stored fails the change with `CONFLICT` (and the primary key catches
 * what the lock would not). No statement at all when the change carries none.
 */
export async function writeLearnRecords(client: pg.ClientBase, change: ChangeSet, plan: ChangePlan): Promise<void> {
  const digests = learnRecordDigests(change);
  if (digests.length === 0 && change.learnRecords === undefined) return;
  const stored =
    digests.length === 0
      ? new Set<string>()
      : new Set(
          (
            await client.query<{ digest: string }>(
              'SELECT digest FROM learn_records WHERE namespace = $1 AND digest = ANY($2::text[])',
              [plan.namespace, digests],
            )
          ).rows.map((r) => r.digest),
        );
  const records = planLearnRecords(change, plan, { hasDigest: (d) => stored.has(d) });
  if (records.length === 0) return;
  await client.query(
    `INSERT INTO learn_records (namespace, digest, trajectory_id, idempotency_key, at, result)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [
      plan.namespace,
      records.map((r) => r.digest),
      records.map((r) => r.trajectoryId),
      records.map((r) => r.idempotencyKey ?? null),
      records.map((r) => r.at),
      records.map((r) => JSON.stringify(r.result)),
    ],
  );
}

/** The records of a namespace with one of `digests` or with `idempotencyKey`, newest first (one statement). */
export async function readLearnRecords(
  session: PostgresSession,
  query: { namespace: string; digests?: readonly string[]; idempotencyKey?: string },
): Promise<LearnRecord[]> {
  const r = await session.query<LearnRecordRow>(
    `SELECT digest, trajectory_id, idempotency_key, at, result FROM learn_records
     WHERE namespace = $1 AND (digest = ANY($2::text[]) OR ($3::text IS NOT NULL AND idempotency_key = $3))
     ORDER BY at DESC, digest`,
    [query.namespace, [...(query.digests ?? [])], query.idempotencyKey ?? null],
  );
  return r.rows.map(recordFromRow);
}
