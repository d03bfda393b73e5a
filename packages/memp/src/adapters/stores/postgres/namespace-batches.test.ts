import { describe, expect, it } from 'vitest';
import { type BatchOutcome, NamespaceBatches } from './namespace-batches.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('NamespaceBatches', () => {
  it('starts a lone item at once and batches what arrives meanwhile, in order, up to maxBatch', async () => {
    const batches: string[][] = [];
    const gate = deferred();
    const batcher = new NamespaceBatches<string, string>(async (namespace, items) => {
      batches.push([namespace, ...items]);
      if (batches.length === 1) await gate.promise;
      return items.map((item) => ({ ok: true, value: item.toUpperCase() }));
    }, 3);
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => batcher.submit('n', x));
    await Promise.resolve();
    expect(batches).toEqual([['n', 'a']]);
    gate.resolve();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(batches).toEqual([
      ['n', 'a'],
      ['n', 'b', 'c', 'd'],
      ['n', 'e', 'f'],
    ]);
  });

  it('gives each item its own outcome: one failing item fails alone, a failed batch fails its items only', async () => {
    let calls = 0;
    const gate = deferred();
    const batcher = new NamespaceBatches<number, number>(async (_namespace, items) => {
      calls++;
      if (calls === 1) await gate.promise;
      if (items.includes(99)) throw new Error('batch failed');
      return items.map(
        (n): BatchOutcome<number> => (n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 2 }),
      );
    }, 10);
    const first = batcher.submit('n', 1);
    const second = batcher.submit('n', 2);
    const bad = batcher.submit('n', -3);
    const fourth = batcher.submit('n', 4);
    gate.resolve();
    expect(await first).toBe(2);
    expect(await second).toBe(4);
    await expect(bad).rejects.toThrow('bad -3');
    expect(await fourth).toBe(8);
    const doomed = batcher.submit('n', 99);
    await expect(doomed).rejects.toThrow('batch failed');
    expect(await batcher.submit('n', 5)).toBe(10);
  });

  it('runs namespaces alongside each other', async () => {
    const gate = deferred();
    const log: string[] = [];
    const batcher = new NamespaceBatches<string, string>(async (namespace, items) => {
      log.push(`${namespace} start`);
      if (namespace === 'slow') await gate.promise;
      log.push(`${namespace} end`);
      return items.map((value) => ({ ok: true, value }));
    }, 5);
    const slow = batcher.submit('slow', 'x');
    expect(await batcher.submit('fast', 'y')).toBe('y');
    expect(log).toEqual(['slow start', 'fast start', 'fast end']);
    gate.resolve();
    expect(await slow).toBe('x');
  });

  it('refuses a maxBatch below 1', () => {
    expect(() => new NamespaceBatches(async () => [], 0)).toThrow(RangeError);
  });
});
