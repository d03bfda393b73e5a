import { MempError } from '../../../core/errors.js';
import type { LearnRecord } from '../../../ports/memory-store.js';

/** One row of the `learn_records` table, as the SQLite and PostgreSQL stores read it. */
export interface LearnRecordRow {
  digest: string;
  trajectory_id: string;
  idempotency_key: string | null;
  at: string;
  result: string;
}

/** A stored learn record from its row; a result that is not JSON is `STORAGE_FAILED` naming the digest. */
export function learnRecordFromRow(row: LearnRecordRow): LearnRecord {
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
