import type { MemoryStatus } from '../core/memory.js';
import type { MemoryStore, MemoryVectors, VectorField } from '../ports/memory-store.js';
import { NS, SPACE, expectSameHits, expectedHits } from './memory-store-contract-fixtures.js';
import type { ContractFixtures, ModelEntry } from './memory-store-contract-fixtures.js';

/** A reference model of a namespace, kept in step with the writes a test makes. */
export class SearchModel {
  /** The namespace's memories by id, with their status and vectors. */
  readonly entries = new Map<string, ModelEntry>();
  /** Records (or replaces) a memory's status and vectors. */
  set(id: string, status: MemoryStatus, vectors: MemoryVectors): void {
    this.entries.set(id, { id, status, vectors });
  }
}

/**
 * Expects the store's search to equal the model's exact hits on a fixed set of cases: both fields, several k,
 * multiple queries, `minScore` and status filters.
 */
export async function expectSearchMatchesModel(options: {
  store: MemoryStore;
  fx: ContractFixtures;
  model: SearchModel;
  dimension?: number;
}): Promise<void> {
  const { store, fx, model } = options;
  const dimension = options.dimension ?? SPACE.dimension;
  const cases: Array<{
    field: VectorField;
    queries: Float32Array[];
    k: number;
    minScore?: number;
    status?: MemoryStatus[];
  }> = [
    { field: 'task', queries: [fx.unit(dimension)], k: 5 },
    { field: 'task', queries: [fx.unit(dimension)], k: 1000 },
    { field: 'task', queries: [fx.unit(dimension), fx.unit(dimension)], k: 7, minScore: -0.1 },
    { field: 'keywords', queries: [fx.unit(dimension)], k: 5 },
    { field: 'keywords', queries: [fx.unit(dimension), fx.unit(dimension), fx.unit(dimension)], k: 1000 },
    {
      field: 'keywords',
      queries: [fx.unit(dimension), fx.unit(dimension)],
      k: 4,
      minScore: 0.05,
      status: ['active', 'deprecated'],
    },
    { field: 'task', queries: [fx.unit(dimension)], k: 1000, status: ['deprecated'] },
  ];
  for (const c of cases) {
    const actual = await store.search({ namespace: NS, ...c });
    expectSameHits(actual, expectedHits({ entries: model.entries.values(), ...c }));
  }
}
