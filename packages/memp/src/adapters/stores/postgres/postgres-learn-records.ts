import type pg from 'pg';
import { MempError } from '../../../core/errors.js';
import type { ChangeSet, LearnRecord } from '../../../ports/memory-store.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { type LearnRecordRow, learnRecordFromRow } from '../shared/learn-record-row.js';
import { planLearnRecords } from '../shared/plan-learn-records.js';
import type { PostgresSession } from './postgres-session.js';

/**
 * Validates and writes a change's learn records (idempotent learns) inside its transaction, after `writeChange`
 * took the namespace lock, in one statement: a digest the namespace already holds is not inserted (`ON CONFLICT DO
 * NOTHING`), which fails the change with `CONFLICT` (the transaction rolls back). No statement when there are none.
 */
export async function writeLearnRecords(client: pg.ClientBase, change: ChangeSet, plan: ChangePlan): Promise<void> {
  if (change.learnRecords === undefined) return;
  // Digests already stored are found by the insert itself (one round trip instead of a look-up and an insert).
  const records = planLearnRecords(change, plan, { hasDigest: () => false });
  if (records.length === 0) return;
  const inserted = await client.query<{ digest: string }>(
    `INSERT INTO learn_records (namespace, digest, trajectory_id, idempotency_key, at, result)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (namespace, digest) DO NOTHING RETURNING digest`,
    [
      plan.namespace,
      records.map((r) => r.digest),
      records.map((r) => r.trajectoryId),
      records.map((r) => r.idempotencyKey ?? null),
      records.map((r) => r.at),
      records.map((r) => JSON.stringify(r.result)),
    ],
  );
  if (inserted.rows.length < records.length) {
    const written = new Set(inserted.rows.map((r) => r.digest));
    const digest = records.find((r) => !written.has(r.digest))?.digest;
    throw new MempError(
      'CONFLICT',
      `a learn with content digest ${digest} is already recorded in "${plan.namespace}"`,
      {
        details: { digest },
      },
    );
  }
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
  return r.rows.map(learnRecordFromRow);
}
