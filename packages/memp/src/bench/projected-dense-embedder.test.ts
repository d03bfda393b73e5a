import { describe, expect, it } from 'vitest';
import { createProjectedDenseEmbedder } from './projected-dense-embedder.js';

const texts = ['put two candle in drawer.', 'put two candle 2 in drawer 5.', 'heat some egg and put it in fridge.'];

describe('projected dense embedder (bench stand-in)', () => {
  it('gives the same unit vectors with and without its cache, and a fresh copy on every call', async () => {
    const cached = createProjectedDenseEmbedder({ dimension: 64, cacheEntries: 2 });
    const uncached = createProjectedDenseEmbedder({ dimension: 64, cacheEntries: 0 });
    const repeated = [...texts, texts[0] as string, ...texts];
    const a = await cached.embed(repeated);
    const b = await uncached.embed(repeated);
    expect(a).toEqual(b);
    for (const v of a) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(a[0]).toEqual(a[3]);
    expect(a[0]).not.toBe(a[3]);
    (a[0] as Float32Array).fill(0);
    expect((await cached.embed([texts[0] as string]))[0]).toEqual(b[0]);
    // Cached texts and more new ones than the cache holds in one call: the new ones push the cached ones out.
    const mixed = [texts[0] as string, 'a new text', 'another new text', 'a third new text', texts[0] as string];
    expect(await cached.embed(mixed)).toEqual(await uncached.embed(mixed));
  });

  it('keeps near-duplicates closer than unrelated texts, without exact ties', async () => {
    const [x, y, z] = await createProjectedDenseEmbedder().embed(texts);
    const dot = (p: Float32Array, q: Float32Array) => p.reduce((s, v, i) => s + v * (q[i] as number), 0);
    const near = dot(x as Float32Array, y as Float32Array);
    expect(near).toBeGreaterThan(dot(x as Float32Array, z as Float32Array));
    expect(near).toBeLessThan(1 - 1e-4);
  });
});
