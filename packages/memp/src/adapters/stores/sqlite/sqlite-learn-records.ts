import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import type { ChangeSet, LearnRecord } from '../../../ports/memory-store.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { planLearnRecords } from '../shared/plan-learn-records.js';
import { checkNamespace } from '../shared/store-validation.js';

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

/** The `learn_records` table of a SQLite store (idempotent learns): its statements, compiled once per connection. */
export class SqliteLearnRecords {
  private readonly exists: Database.Statement<[string, string]>;
  private readonly insert: Database.Statement<[string, string, string, string | null, string, string]>;
  private readonly byDigest: Database.Statement<[string, string]>;
  private readonly byKey: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.exists = db.prepare('SELECT 1 FROM learn_records WHERE namespace = ? AND digest = ?');
    this.insert = db.prepare(
      'INSERT INTO learn_records (namespace, digest, trajectory_id, idempotency_key, at, result) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const columns = 'digest, trajectory_id, idempotency_key, at, result';
    this.byDigest = db.prepare(`SELECT ${columns} FROM learn_records WHERE namespace = ? AND digest = ?`);
    this.byKey = db.prepare(
      `SELECT ${columns} FROM learn_records WHERE namespace = ? AND idempotency_key = ? ORDER BY at DESC`,
    );
  }

  /**
   * Validates and writes the learn records of a change whose other parts `plan` holds; inside the change's
   * transaction, so a `CONFLICT` on a digest already stored rolls the whole change back.
   */
  write(change: ChangeSet, plan: ChangePlan): void {
    const ns = plan.namespace;
    const records = planLearnRecords(change, plan, { hasDigest: (d) => this.exists.get(ns, d) !== undefined });
    for (const r of records) {
      this.insert.run(ns, r.digest, r.trajectoryId, r.idempotencyKey ?? null, r.at, JSON.stringify(r.result));
    }
  }

  /** The records with one of `digests` or with `idempotencyKey`, newest first. */
  find(query: { namespace: string; digests?: readonly string[]; idempotencyKey?: string }): LearnRecord[] {
    const ns = checkNamespace(query.namespace);
    const rows = new Map<string, LearnRecordRow>();
    for (const digest of query.digests ?? []) {
      const row = this.byDigest.get(ns, digest) as LearnRecordRow | undefined;
      if (row !== undefined) rows.set(row.digest, row);
    }
    if (query.idempotencyKey !== undefined) {
      for (const row of this.byKey.all(ns, query.idempotencyKey) as LearnRecordRow[]) rows.set(row.digest, row);
    }
    return [...rows.values()].map(recordFromRow).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
}
