import { describe, expect, it } from 'vitest';
import { checkSearch } from '../shared/store-validation.js';
import { FieldMatrix } from './field-matrix.js';
import { NamespaceTaskIndex } from './namespace-task-index.js';
import { NamespaceVectorCache } from './vector-matrix-cache.js';

const space = { embedder: 'test', dimension: 4 };

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (x) => x / norm);
}

describe('NamespaceTaskIndex.afterChange', () => {
  it('takes in memories added together that share one new vector (the vector goes in once)', () => {
    const cache = new NamespaceVectorCache({ generation: 1, space });
    cache.setField('task', new FieldMatrix({ dimension: 4, capacity: FieldMatrix.capacityFor(8) }));
    for (let i = 0; i < 5; i++) {
      const slot = cache.upsert(`old${i}`, 'active');
      cache.replaceVectors(slot, { task: unit([1, i, 0, 0]), keywords: [] }, 1);
    }
    const index = NamespaceTaskIndex.open({
      cache,
      space,
      identity: { namespace: 'ns', storeId: 'test', directory: undefined },
    });
    const shared = unit([0, 0, 1, 1]);
    const added = ['new0', 'new1'].map((id) => {
      const slot = cache.upsert(id, 'active');
      cache.replaceVectors(slot, { task: shared, keywords: [] }, 2);
      return slot;
    });
    cache.generation = 2;
    index.afterChange(cache, { added, replaced: [] });
    expect(index.size).toBe(6);
    const hits = index.search(cache, checkSearch({ namespace: 'ns', field: 'task', queries: [shared], k: 2 }, space));
    expect(hits?.map((h) => h.id)).toEqual(['new0', 'new1']);
  });
});
