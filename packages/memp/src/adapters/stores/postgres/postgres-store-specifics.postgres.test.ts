import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMempError } from '../../../core/errors.js';
import type { MemoryCreate } from '../../../ports/memory-store.js';
import {
  NS,
  SPACE,
  createContractFixtures,
  expectCode,
  expectSameHits,
  expectedHits,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { wrapPgError } from './postgres-errors.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION, migratePostgres } from './postgres-migrations.js';
import { annCandidateQuery } from './postgres-search.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import { vectorExtensionError } from './postgres-vector-extension.js';
import { vectorIndexKind } from './postgres-vector-index.js';

const databases: TestDatabase[] = [];
async function database(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  databases.push(db);
  return db;
}
afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('PostgreSQL migrations', () => {
  it('migrate once, idempotently, each migration in its own transaction', async () => {
    const db = await database('migrate');
    await withClient(db.url, async (client) => {
      expect(await migratePostgres({ client })).toEqual({ from: 0, to: POSTGRES_SCHEMA_VERSION });
      expect(await migratePostgres({ client })).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION });
      const broken = [
        ...POSTGRES_MIGRATIONS,
        { version: POSTGRES_SCHEMA_VERSION + 1, name: 'ok', sql: 'CREATE TABLE extra_ok (x integer)' },
        {
          version: POSTGRES_SCHEMA_VERSION + 2,
          name: 'bad',
          sql: 'CREATE TABLE extra_bad (x integer); SELECT * FROM missing_table',
        },
      ];
      expect(
        isMempError(wrapPgError(await caught(migratePostgres({ client, migrations: broken })), 'x'), 'STORAGE_FAILED'),
      ).toBe(true);
      const versions = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(versions.rows.map((r) => r.version)).toEqual([
        ...POSTGRES_MIGRATIONS.map((m) => m.version),
        POSTGRES_SCHEMA_VERSION + 1,
      ]);
      const tables = await client.query<{ t: string | null }>(
        "SELECT to_regclass('extra_ok')::text AS t UNION ALL SELECT to_regclass('extra_bad')::text",
      );
      expect(tables.rows.map((r) => r.t)).toEqual(['extra_ok', null]);
      // A schema newer than this memp knows is refused.
      await expectCode(createPostgresMemoryStore({ connectionString: db.url }), 'STORAGE_FAILED');
    });
  });

  it('lets several stores open a fresh database at once, migrating it once', async () => {
    const db = await database('concurrent');
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => createPostgresMemoryStore({ connectionString: db.url, poolSize: 1 })),
    );
    await withClient(db.url, async (client) => {
      const rows = await client.query<{ version: number; n: string }>(
        'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
      );
      expect(rows.rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version, n: '1' })));
      const ext = await client.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
      expect(ext.rowCount).toBe(1);
    });
    const fx = createContractFixtures();
    await fx.seed(stores[0] ?? (await createPostgresMemoryStore({ connectionString: db.url })), [{ id: 'm1' }]);
    expect(await stores[5]?.ids({ namespace: NS })).toEqual(['m1']);
    for (const s of stores) await s.close();
  });

  it('finds everything again after reopening', async () => {
    const db = await database('reopen');
    const fx = createContractFixtures();
    const first = await createPostgresMemoryStore({ connectionString: db.url });
    const [, c2] = await fx.seed(first, [{ id: 'm1' }, { id: 'm2', keywords: ['a', 'b', 'c'] }]);
    await first.apply(
      fx.change({
        trajectories: [fx.trajectory({ id: 't1' })],
        update: [{ id: 'm1', expectedVersion: 1, content: { script: 'v2' }, reason: 'adjustment' }],
      }),
    );
    const query = c2?.vectors.keywords[1] ?? fx.unit();
    const memories = await first.get({ namespace: NS, ids: ['m1', 'm2'] });
    const hits = await first.search({ namespace: NS, field: 'keywords', queries: [query], k: 2 });
    await first.close();
    const second = await createPostgresMemoryStore({ connectionString: db.url });
    expect(second.capabilities).toEqual({ persistent: true, multiProcess: true, vectorSearch: 'ann' });
    expect(await second.get({ namespace: NS, ids: ['m1', 'm2'] })).toEqual(memories);
    expect(await second.revisions({ namespace: NS, memoryId: 'm1' })).toHaveLength(1);
    expect(await second.search({ namespace: NS, field: 'keywords', queries: [query], k: 2 })).toEqual(hits);
    await second.close();
  });
});

describe('PostgreSQL without pgvector', () => {
  it('fails with STORAGE_FAILED when the extension is not created and this role may not create it', async () => {
    // A real condition: a fresh database owned by an ordinary role. pgvector is not a trusted extension, so
    // only a superuser may create it; the store must refuse to open rather than fall back.
    const db = await database('noext');
    const role = `memp_plain_${Date.now().toString(36)}`;
    await withClient(db.adminUrl, async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN`);
      await client.query(`ALTER DATABASE ${new URL(db.url).pathname.slice(1)} OWNER TO ${role}`);
    });
    const url = new URL(db.url);
    url.username = role;
    const error = await caught(createPostgresMemoryStore({ connectionString: url.toString() }));
    expect(isMempError(error, 'STORAGE_FAILED')).toBe(true);
    if (isMempError(error)) expect(error.details).toMatchObject({ sqlState: '42501', extension: 'vector' });
    await withClient(db.url, async (client) => {
      expect((await client.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).rowCount).toBe(0);
      expect((await client.query("SELECT to_regclass('memories')::text AS t")).rows[0]).toEqual({ t: null });
    });
    await withClient(db.adminUrl, async (client) => {
      await client.query(`ALTER DATABASE ${new URL(db.url).pathname.slice(1)} OWNER TO postgres`);
    });
  });

  it('maps the server error for extension files that are not installed to STORAGE_FAILED', async () => {
    // The server's own answer to CREATE EXTENSION of an extension whose files are missing (what a server
    // without pgvector answers for `vector`), fed through the store's mapping.
    const db = await database('noext2');
    const error = await withClient(db.url, (client) =>
      caught(client.query('CREATE EXTENSION memp_not_installed_anywhere')),
    );
    const mapped = vectorExtensionError(error, 'x');
    expect(mapped?.code).toBe('STORAGE_FAILED');
    expect(mapped?.details['sqlState']).toMatch(/^(58P01|0A000)$/);
    expect(vectorExtensionError(new Error('other'), 'x')).toBeUndefined();
  });

  it('fails with STORAGE_FAILED when the server cannot be reached', async () => {
    await expectCode(
      createPostgresMemoryStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }),
      'STORAGE_FAILED',
    );
    await expectCode(createPostgresMemoryStore({}), 'INVALID_ARGUMENT');
  });

  it('maps a unique violation from the server to CONFLICT', async () => {
    const db = await database('unique');
    const error = await withClient(db.url, async (client) => {
      await client.query('CREATE TABLE u (id integer PRIMARY KEY)');
      await client.query('INSERT INTO u VALUES (1)');
      return caught(client.query('INSERT INTO u VALUES (1)'));
    });
    expect(wrapPgError(error, 'x').code).toBe('CONFLICT');
  });
});

describe('PostgreSQL HNSW search', () => {
  let db: TestDatabase;
  const fx = createContractFixtures(11);
  const target: MemoryCreate[] = [];
  beforeAll(async () => {
    db = await database('hnsw');
    // Every namespace in the index from its first write (`taskIndexFillRows: 0`), as a fleet of large namespaces.
    const store = await createPostgresMemoryStore({ connectionString: db.url, taskIndexFillRows: 0 });
    // 3 000 memories in other namespaces, 60 in the target one, all in the same 8-dimensional space (so one
    // HNSW index holds them all and the namespace filter is what must not starve the scan).
    for (let batch = 0; batch < 6; batch++) {
      const namespace = `crowd-${batch}`;
      const create = Array.from({ length: 500 }, (_, i) => fx.create({ id: `c${i}`, namespace, keywords: ['k'] }));
      await store.apply({ namespace, at: fx.clock.now(), space: SPACE, create });
    }
    target.push(
      ...Array.from({ length: 60 }, (_, i) =>
        fx.create({ id: `t${String(i).padStart(2, '0')}`, keywords: ['a', 'b'] }),
      ),
    );
    await store.apply(fx.change({ space: SPACE, create: target }));
    await store.close();
  }, 120_000);

  it('returns k exact hits from a namespace crowded out by other namespaces (iterative scan)', async () => {
    const infos: PostgresSearchInfo[] = [];
    const store = await createPostgresMemoryStore({
      connectionString: db.url,
      exactSearchMaxRows: 0,
      // pgvector's index in SQL (with the vector cache, the in-process index would serve).
      vectorCacheMaxRows: 0,
      onSearch: (i) => infos.push(i),
    });
    const entries = target.map((c) => ({ id: c.memory.id, status: c.memory.status, vectors: c.vectors }));
    for (let trial = 0; trial < 5; trial++) {
      const queries = [fx.unit()];
      const hits = await store.search({ namespace: NS, field: 'task', queries, k: 10 });
      expect(hits).toHaveLength(10);
      expectSameHits(hits, expectedHits({ entries, field: 'task', queries, k: 10 }));
    }
    expect(infos.map((i) => i.path)).toEqual(['ann', 'ann', 'ann', 'ann', 'ann']);
    await store.close();
  });

  it('needs hnsw.iterative_scan: the same index scan without it comes back short', async () => {
    const kind = vectorIndexKind(SPACE.dimension);
    if (kind === undefined) throw new Error('8 dimensions must be indexable');
    const sql = annCandidateQuery(kind, SPACE.dimension);
    const params = [NS, 0, ['active'], `[${Array.from(fx.unit()).join(',')}]`, 50];
    await withClient(db.url, async (client) => {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL hnsw.ef_search = 50');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(kind.name);
      await client.query("SET LOCAL hnsw.iterative_scan = 'off'");
      const without = await client.query(sql, params);
      await client.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
      const withIterative = await client.query(sql, params);
      await client.query('COMMIT');
      expect(without.rows.length).toBeLessThan(10);
      expect(withIterative.rows).toHaveLength(50);
    });
  });

  it("scores keyword searches exactly, never through the index (the score counts the memory's unmatched keywords)", async () => {
    const infos: PostgresSearchInfo[] = [];
    const store = await createPostgresMemoryStore({
      connectionString: db.url,
      exactSearchMaxRows: 0,
      onSearch: (i) => infos.push(i),
    });
    const entries = target.map((c) => ({ id: c.memory.id, status: c.memory.status, vectors: c.vectors }));
    const queries = [target[7]?.vectors.keywords[1] ?? fx.unit()];
    const hits = await store.search({ namespace: NS, field: 'keywords', queries, k: 5 });
    expectSameHits(hits, expectedHits({ entries, field: 'keywords', queries, k: 5 }));
    expect(hits[0]?.id).toBe('t07');
    expect(infos[0]?.path).toBe('exact');
    await store.close();
  });
});
