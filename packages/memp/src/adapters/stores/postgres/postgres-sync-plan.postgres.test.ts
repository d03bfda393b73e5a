import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { ChangeSet, EmbeddingSpace, MemoryCreate, MemoryStore } from '../../../ports/memory-store.js';
import { createContractFixtures, evidenceRecord, NS } from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import { READ_LEARN_RECORDS } from './postgres-learn-records.js';
import { SYNC_STATEMENT } from './postgres-vector-cache.js';
import { changeStateRead } from './postgres-writes.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('sync-plan');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

/** One node of `EXPLAIN (FORMAT JSON)`. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Join Filter'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

describe('hot statements after a bulk load into a namespace the statistics had not seen', () => {
  const space: EmbeddingSpace = { embedder: 'plan-embedder', dimension: 256 };
  const fx = createContractFixtures(41);
  let store: MemoryStore;
  let admin: pg.Client;

  function creates(from: number, count: number, namespace = NS): MemoryCreate[] {
    return Array.from({ length: count }, (_, i) => {
      const memory = fx.memory({ id: `m${String(from + i).padStart(5, '0')}`, namespace });
      return { memory, vectors: fx.vectors(memory, space.dimension) };
    });
  }

  /** A learn's writes for memories `from`…: the memories, their trajectories, learn records and evidence. */
  function learned(from: number, count: number, namespace = NS): ChangeSet {
    const create = creates(from, count, namespace);
    const id = (c: MemoryCreate) => c.memory.id.replace(/^m/, '');
    return fx.change({
      namespace,
      space,
      create,
      trajectories: create.map((c) => fx.trajectory({ id: `t${id(c)}`, namespace })),
      learnRecords: create.map((c) => ({
        digest: `d${id(c)}`,
        trajectoryId: `t${id(c)}`,
        result: { trajectoryId: `t${id(c)}`, created: c.memory.id },
      })),
      evidence: create.map((c) => evidenceRecord(`e${id(c)}`, c.memory.id, 'support')),
    });
  }

  beforeAll(async () => {
    store = await createPostgresMemoryStore({ connectionString: db.url });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    // Statistics frozen while the namespace is tiny, as right after a bulk seed before autovacuum analyzes it.
    for (const table of [
      'memory_vectors',
      'search_changes',
      'memories',
      'memory_evidence',
      'learn_records',
      'trajectories',
    ]) {
      await admin.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    }
    // Analyzed while the table held another namespace only: the planner then expects about 2 task vectors in NS.
    await store.apply(learned(0, 20, 'elsewhere'));
    await admin.query('ANALYZE');
    for (let i = 0; i < 4000; i += 500) await store.apply(learned(i, 500));
    await store.apply(fx.change({ space, create: creates(9000, 3) }));
    // Closing waits for the store's background ANALYZE (it ran after the bulk writes; autovacuum is off here).
    await store.close();
    store = await createPostgresMemoryStore({ connectionString: db.url });
  }, 180_000);

  afterAll(async () => {
    await admin.end();
    await store.close();
  });

  it('reads the changed memories by primary key, never the namespace (the store analyzed after the bulk writes)', async () => {
    const { rows } = await admin.query<{ generation: string }>(
      'SELECT generation FROM search_generations WHERE namespace = $1',
      [NS],
    );
    const generation = Number(rows[0]?.generation);
    const explained = await admin.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${SYNC_STATEMENT}`,
      [NS, generation - 1, 1001],
    );
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode;
    const vectorReads = nodes(plan).filter((n) => n['Relation Name'] === 'memory_vectors');
    expect(vectorReads.length).toBeGreaterThan(0);
    for (const read of vectorReads) {
      expect(read['Index Name']).toBe('memory_vectors_pkey');
      // One row per changed memory (3), not the namespace's 4,003 task vectors.
      expect((read['Actual Rows'] ?? 0) * (read['Actual Loops'] ?? 1)).toBeLessThanOrEqual(3);
    }
    for (const n of nodes(plan)) expect(n['Rows Removed by Join Filter'] ?? 0).toBeLessThan(100);
  });

  /** The plan of `text` run with `values`, its nodes that read `table`. */
  async function reads(text: string, values: unknown[], table: string): Promise<PlanNode[]> {
    const explained = await admin.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
      values,
    );
    const found = nodes(explained.rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode).filter(
      (n) => n['Relation Name'] === table,
    );
    expect(found.length).toBeGreaterThan(0);
    return found;
  }

  it('looks learn records up by digest, evidence by memory and kind, never reading the namespace through', async () => {
    const statements: Array<{ table: string; text: string; values: unknown[] }> = [
      {
        table: 'learn_records',
        text: READ_LEARN_RECORDS,
        values: [NS, ['d00007', 'd03001', 'missing'], null],
      },
      {
        table: 'memory_evidence',
        text: 'SELECT body FROM memory_evidence WHERE namespace = $1 AND memory_id = ANY($2::text[]) AND kind = ANY($3::text[]) ORDER BY seq',
        values: [NS, ['m00007', 'm03001', 'm00100'], ['success', 'failure']],
      },
      {
        table: 'trajectories',
        ...changeStateRead(NS, [
          fx.change({ trajectories: [fx.trajectory({ id: 't00007' }), fx.trajectory({ id: 't03001' })] }),
        ]),
      },
    ];
    for (const { table, text, values } of statements) {
      for (const read of await reads(text, values, table)) {
        // A few rows at most, not the namespace's 4,000.
        expect(read['Rows Removed by Filter'] ?? 0, table).toBeLessThan(10);
        expect((read['Actual Rows'] ?? 0) * (read['Actual Loops'] ?? 1), table).toBeLessThanOrEqual(3);
      }
    }
  });
});
