import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import {
  NS,
  createContractFixtures,
  evidenceRecord,
  seedTrackRecords,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION, migratePostgres } from './postgres-migrations.js';

/** The tie-break's read, as the store sends it: the success and failure records of some memories. */
const TRACK_RECORD_READ =
  'SELECT body FROM memory_evidence WHERE namespace = $1 AND memory_id = ANY($2::text[]) AND kind = ANY($3::text[]) ORDER BY seq';

let databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function database(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  databases = [...databases, db];
  return db;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function evidenceIndexes(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const r = await client.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'memory_evidence' ORDER BY indexname",
    );
    return r.rows.map((row) => row.indexname);
  });
}

describe('PostgreSQL evidence index by memory and kind', () => {
  let url: string;
  beforeAll(async () => {
    url = (await database('evidence-index')).url;
    const store = await createPostgresMemoryStore({ connectionString: url });
    // Many support records per memory (one per learn that used it) and a few outcomes: what a used memory holds.
    await seedTrackRecords(store, createContractFixtures(7), 40);
    await store.close();
  }, 120_000);

  it('reads the asked kinds of some memories with every condition in the index, none filtered from the table', async () => {
    expect(await evidenceIndexes(url)).toEqual([
      'memory_evidence_by_memory_kind',
      'memory_evidence_namespace_id_key',
      'memory_evidence_pkey',
    ]);
    const plan = await withClient(url, async (client) => {
      await client.query('ANALYZE memory_evidence');
      // The table is small here: rule out the whole-table plans so that the plan shows how the index is used.
      await client.query('SET enable_seqscan = off');
      await client.query('SET enable_bitmapscan = off');
      const r = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON, ANALYZE) ${TRACK_RECORD_READ}`, [
        NS,
        ['m3', 'm7', 'm9'],
        ['success', 'failure'],
      ]);
      return JSON.stringify(r.rows[0]?.['QUERY PLAN']);
    });
    expect(plan).toContain('"Index Name":"memory_evidence_by_memory_kind"');
    expect(plan).toMatch(/"Index Cond":"[^"]*kind = ANY/);
    expect(plan).not.toContain('Rows Removed by Filter');
    const store = await createPostgresMemoryStore({ connectionString: url });
    const found = await store.evidence({ namespace: NS, memoryIds: ['m3', 'm7', 'm9'], kinds: ['success', 'failure'] });
    expect(found.map((e) => e.id)).toEqual(['ok-3', 'bad-7', 'ok-7']);
    await store.close();
  });

  it('migrates a database from before the index: it replaces the (namespace, memory_id) one, reads unchanged', async () => {
    const before = (await database('evidence-index-migration')).url;
    const mine = POSTGRES_MIGRATIONS.find((m) => m.name === 'evidence by memory and kind');
    if (mine === undefined) throw new Error('the evidence index migration is missing');
    const records = [
      evidenceRecord('s1', 'm1', 'support'),
      evidenceRecord('ok1', 'm1', 'success'),
      evidenceRecord('bad2', 'm2', 'failure'),
      evidenceRecord('s2', 'm2', 'support'),
      evidenceRecord('ok2', 'm2', 'success'),
    ];
    await withClient(before, async (client) => {
      await migratePostgres({ client, migrations: POSTGRES_MIGRATIONS.filter((m) => m.version < mine.version) });
      for (const r of records) {
        await client.query(
          'INSERT INTO memory_evidence (namespace, id, memory_id, kind, body) VALUES ($1, $2, $3, $4, $5)',
          [NS, r.id, r.memoryId, r.kind, JSON.stringify(r)],
        );
      }
    });
    expect(await evidenceIndexes(before)).toContain('memory_evidence_by_memory');
    const store = await createPostgresMemoryStore({ connectionString: before });
    expect(await store.evidence({ namespace: NS })).toEqual(records);
    expect(await store.evidence({ namespace: NS, memoryIds: ['m2'] })).toEqual(records.slice(2));
    const outcomes = await store.evidence({ namespace: NS, memoryIds: ['m2', 'm1'], kinds: ['success', 'failure'] });
    expect(outcomes.map((e) => e.id)).toEqual(['ok1', 'bad2', 'ok2']);
    await store.close();
    const indexes = await evidenceIndexes(before);
    expect(indexes).toContain('memory_evidence_by_memory_kind');
    expect(indexes).not.toContain('memory_evidence_by_memory');
    const version = await withClient(before, (client) =>
      client.query('SELECT max(version) AS v FROM schema_migrations'),
    );
    expect(version.rows[0]?.v).toBe(POSTGRES_SCHEMA_VERSION);
  });
});
