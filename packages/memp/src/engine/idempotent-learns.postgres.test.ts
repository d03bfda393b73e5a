import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../test/postgres/postgres-test-database.js';
import { createPostgresMemoryStore } from '../adapters/stores/postgres/postgres-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { isMempError } from '../core/errors.js';

const episode = (task: string) => ({
  task,
  steps: [{ action: 'take mug 1 from shelf 1' }, { action: 'put mug 1 in coffeemachine 1' }],
  outcome: { success: true },
});

describe('idempotent learns on PostgreSQL (two engines, two pools: two servers of a fleet)', () => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase('idempotent');
  });
  afterAll(async () => db?.drop());

  it('writes once when identical learns race from two servers, and honours keys across them', async () => {
    const url = (db as TestDatabase).url;
    const a = createMemp({ store: await createPostgresMemoryStore({ connectionString: url }) });
    const b = createMemp({ store: await createPostgresMemoryStore({ connectionString: url }) });
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).learn({ trajectory: episode('make coffee') })),
      );
      expect(new Set(results.map((r) => r.created)).size).toBe(1);
      expect(results.filter((r) => r.replayed !== true)).toHaveLength(1);
      const keyed = await a.learn({ trajectory: episode('rinse the mug'), idempotencyKey: 'k/1' });
      expect(await b.learn({ trajectory: episode('rinse the mug'), idempotencyKey: 'k/1' })).toEqual({
        ...keyed,
        replayed: true,
      });
      const reused = await b
        .learn({ trajectory: episode('dry the mug'), idempotencyKey: 'k/1' })
        .catch((e: unknown) => e);
      expect(isMempError(reused, 'IDEMPOTENCY_KEY_REUSED')).toBe(true);
      expect(await a.stats()).toMatchObject({ memories: 2, trajectories: 2 });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
