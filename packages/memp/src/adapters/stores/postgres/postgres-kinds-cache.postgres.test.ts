import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { recordingPool } from '../../../../test/postgres/recording-pool.js';
import type { MemoryKind } from '../../../core/memory.js';
import type { MemoryKindAndStatus, MemoryStore } from '../../../ports/memory-store.js';
import { createContractFixtures, NS, SPACE } from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('kinds-cache');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL kinds answered from the vector cache', () => {
  const fx = createContractFixtures(31);
  const KINDS: MemoryKind[] = ['trajectory', 'script', 'proceduralization', 'lesson'];
  let writer: MemoryStore;
  let reader: MemoryStore;
  let admin: pg.Client;
  let pool: pg.Pool;
  let statements: string[];

  /** Every memory's kind and status as the table has them now. */
  async function fromTable(ids: readonly string[]): Promise<[string, MemoryKindAndStatus][]> {
    const r = await admin.query<{ id: string; kind: MemoryKind; status: 'active' | 'deprecated' }>(
      'SELECT id, kind, status FROM memories WHERE namespace = $1 AND id = ANY($2::text[]) ORDER BY id',
      [NS, [...ids]],
    );
    return r.rows.map((row) => [row.id, { kind: row.kind, status: row.status }]);
  }

  async function kindsOf(ids: readonly string[]): Promise<[string, MemoryKindAndStatus][]> {
    const kinds = (await reader.kinds?.({ namespace: NS, ids })) ?? new Map<string, MemoryKindAndStatus>();
    return [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  beforeAll(async () => {
    writer = await createPostgresMemoryStore({ connectionString: db.url });
    ({ pool, statements } = recordingPool(db.url));
    reader = await createPostgresMemoryStore({ pool });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const create = Array.from({ length: 40 }, (_, i) =>
      fx.create({ id: `m${String(i).padStart(2, '0')}`, kind: KINDS[i % KINDS.length] as MemoryKind }),
    );
    await writer.apply(fx.change({ space: SPACE, create }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([writer.close(), reader.close(), admin.end()]);
    await pool.end();
  });

  const ids = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`);

  it('answers after a search with the one generation statement, as the table has them', async () => {
    await reader.search({ namespace: NS, field: 'task', queries: [fx.unit()], k: 5 });
    statements.length = 0;
    expect(await kindsOf(ids)).toEqual(await fromTable(ids));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/search_generations/);
    expect(statements[0]).not.toMatch(/memories/);
    // An id the cache does not hold is looked up in the table (and left out: unknown).
    expect(await kindsOf(['m00', 'nope'])).toEqual(await fromTable(['m00']));
  });

  it("follows another store's new kinds, deprecations, deletions and creations", async () => {
    await reader.search({ namespace: NS, field: 'task', queries: [fx.unit()], k: 5 });
    await writer.apply(
      fx.change({
        space: SPACE,
        update: [
          { id: 'm01', expectedVersion: 1, status: 'deprecated', reason: 'edit' },
          { id: 'm02', expectedVersion: 1, content: { kind: 'lesson' }, reason: 'edit' },
        ],
        delete: [{ id: 'm03', expectedVersion: 1 }],
        create: [fx.create({ id: 'm40', kind: 'lesson' })],
      }),
    );
    const all = [...ids, 'm40'];
    const expected = await fromTable(all);
    expect(expected.find(([id]) => id === 'm02')?.[1].kind).toBe('lesson');
    statements.length = 0;
    expect(await kindsOf(all)).toEqual(expected);
    // The generation moved: the changes are read; only the deleted id, which the cache no longer holds, is looked up.
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/search_generations/);
    expect(statements[1]).toMatch(/FROM search_changes/);
    expect(statements[2]).toMatch(/SELECT id, kind, status FROM memories/);
  });

  it('reads the table for a namespace it does not hold', async () => {
    const other = await createPostgresMemoryStore({ pool });
    try {
      statements.length = 0;
      const kinds = await other.kinds?.({ namespace: NS, ids: ['m00', 'm04'] });
      expect([...(kinds ?? new Map()).entries()].sort(([a], [b]) => a.localeCompare(b))).toEqual(
        await fromTable(['m00', 'm04']),
      );
      expect(statements.filter((t) => /SELECT id, kind, status FROM memories/.test(t))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
