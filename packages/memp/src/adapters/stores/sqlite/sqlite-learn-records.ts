import type Database from 'better-sqlite3';
import type { ChangeSet, LearnRecord } from '../../../ports/memory-store.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { type LearnRecordRow, learnRecordFromRow } from '../shared/learn-record-row.js';
import { planLearnRecords } from '../shared/plan-learn-records.js';
import { checkNamespace } from '../shared/store-validation.js';

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
    return [...rows.values()].map(learnRecordFromRow).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
}
