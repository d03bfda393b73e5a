import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TestDatabase } from '../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../test/postgres/postgres-test-database.js';
import { checkTiedRetrieves } from '../../test/tied-retrieve-check.js';
import { createPostgresMemoryStore } from '../adapters/stores/postgres/postgres-memory-store.js';
import type { MemoryStore } from '../ports/memory-store.js';

let db: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  db = await createTestDatabase('retrieve-ties');
  store = await createPostgresMemoryStore({ connectionString: db.url });
}, 120_000);
afterAll(async () => {
  await store?.close();
  await db.drop();
});

describe('retrieve on PostgreSQL namespaces full of ties', () => {
  it('serves the same memories in the same order, lessons included, as reading every candidate after the tie-break', async () => {
    // One namespace per round; the store's evidence and body reads run on two pool connections at once.
    await checkTiedRetrieves({
      rounds: 12,
      seed: 25,
      open: async (round) => ({ store, namespace: `ties-${round}`, close: async () => {} }),
    });
  }, 120_000);
});
