import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { recordingPool } from '../../../../test/postgres/recording-pool.js';
import type { ChangeResult, ChangeSet, MemoryStore } from '../../../ports/memory-store.js';
import { createContractFixtures, expectCode, NS, SPACE } from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('group-commit');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

/** Settles every promise: the value, or the error's code. */
async function settle(promises: Array<Promise<ChangeResult>>): Promise<Array<ChangeResult | string>> {
  return Promise.all(
    promises.map((p) =>
      p.then(
        (r) => r,
        (e: unknown) => String((e as { code?: unknown }).code ?? e),
      ),
    ),
  );
}

describe('PostgreSQL group commit: writes of one namespace queued in the process go in one transaction', () => {
  let store: MemoryStore;
  let other: MemoryStore;
  let pool: pg.Pool;
  let statements: string[];
  let fx: ReturnType<typeof createContractFixtures>;

  beforeAll(async () => {
    ({ pool, statements } = recordingPool(db.url));
    store = await createPostgresMemoryStore({ pool });
    other = await createPostgresMemoryStore({ connectionString: db.url });
  });
  afterAll(async () => {
    await Promise.all([store.close(), other.close()]);
    await pool.end();
  });
  beforeEach(async () => {
    fx = createContractFixtures(5);
    await pool.query(
      'DELETE FROM learn_records; DELETE FROM memory_evidence; DELETE FROM trajectories; DELETE FROM revisions; DELETE FROM memory_vectors; DELETE FROM memory_lexicon; DELETE FROM memories; DELETE FROM namespace_spaces',
    );
  });

  /** A learn-like change: a trajectory, a memory built from it, usage of `used`, a learn record. */
  function learn(i: number, options: { used?: string; digest?: string } = {}): ChangeSet {
    const c = fx.create({ id: `m${i}` });
    return fx.change({
      space: SPACE,
      trajectories: [fx.trajectory({ id: `t${i}` })],
      create: [c],
      ...(options.used === undefined ? {} : { usage: [{ id: options.used, success: true }] }),
      learnRecords: [{ digest: options.digest ?? `d${i}`, trajectoryId: `t${i}`, result: { trajectoryId: `t${i}` } }],
    });
  }

  it('batches concurrent learns, each planned after the ones before it (usage counts exact, results per change)', async () => {
    await store.apply(fx.change({ space: SPACE, create: [fx.create({ id: 'hot' })] }));
    statements.length = 0;
    const results = await settle(Array.from({ length: 20 }, (_, i) => store.apply(learn(i, { used: 'hot' }))));
    expect(results.map((r) => (typeof r === 'string' ? r : r.created))).toEqual(
      Array.from({ length: 20 }, (_, i) => [`m${i}`]),
    );
    const [hot] = await other.get({ namespace: NS, ids: ['hot'] });
    expect(hot?.stats).toMatchObject({ retrieved: 20, succeeded: 20 });
    expect((await other.ids({ namespace: NS })).length).toBe(21);
    // The first learn went alone; the 19 that queued behind it went together.
    const transactions = statements.filter((s) => s.startsWith('BEGIN')).length;
    expect(transactions).toBeLessThanOrEqual(3);
    expect(transactions).toBeGreaterThanOrEqual(2);
  });

  it('refuses a change whose plan fails alone (a stale update), the rest of its batch commits', async () => {
    await store.apply(fx.change({ space: SPACE, create: [fx.create({ id: 'target' })] }));
    const update = (version: number, script: string): ChangeSet =>
      fx.change({ update: [{ id: 'target', expectedVersion: version, content: { script }, reason: 'edit' }] });
    const results = await settle([
      store.apply(learn(1)),
      store.apply(update(1, 'first edit')),
      store.apply(update(1, 'stale edit')),
      store.apply(update(2, 'second edit')),
      store.apply(learn(2)),
    ]);
    expect(results[2]).toBe('CONFLICT');
    expect(results.filter((r) => typeof r !== 'string')).toHaveLength(4);
    const [target] = await other.get({ namespace: NS, ids: ['target'] });
    expect(target).toMatchObject({ version: 3, script: 'second edit' });
    expect((await other.revisions({ namespace: NS, memoryId: 'target' })).map((r) => r.version)).toEqual([2, 3]);
    expect((await other.ids({ namespace: NS })).sort()).toEqual(['m1', 'm2', 'target']);
  });

  it('a change failing in the database (a digest stored meanwhile) fails alone; the batch is retried change by change', async () => {
    await store.apply(learn(0));
    // Written behind this process's back: only the insert finds it, after planning.
    await other.apply(learn(100, { digest: 'taken' }));
    const results = await settle([
      store.apply(learn(1)),
      store.apply(learn(2)),
      store.apply(learn(3, { digest: 'taken' })),
      store.apply(learn(4)),
      store.apply(learn(5, { digest: 'd4' })),
    ]);
    expect(results.map((r) => (typeof r === 'string' ? r : r.created))).toEqual([
      ['m1'],
      ['m2'],
      'CONFLICT',
      ['m4'],
      'CONFLICT',
    ]);
    expect((await other.ids({ namespace: NS })).sort()).toEqual(['m0', 'm1', 'm100', 'm2', 'm4']);
    expect(await other.trajectory({ namespace: NS, id: 't3' })).toBeUndefined();
  });

  it('refuses a writeBatchMax that is not a positive integer with INVALID_ARGUMENT', async () => {
    await expectCode(createPostgresMemoryStore({ connectionString: db.url, writeBatchMax: 0 }), 'INVALID_ARGUMENT');
    await expectCode(createPostgresMemoryStore({ connectionString: db.url, writeBatchMax: 2.5 }), 'INVALID_ARGUMENT');
  });

  it('with writeBatchMax 1, applies each queued change in its own transaction', async () => {
    const single = await createPostgresMemoryStore({ pool, writeBatchMax: 1 });
    statements.length = 0;
    await Promise.all(Array.from({ length: 5 }, (_, i) => single.apply(learn(i))));
    expect(statements.filter((s) => s.startsWith('BEGIN'))).toHaveLength(5);
    await single.close();
  });
});
