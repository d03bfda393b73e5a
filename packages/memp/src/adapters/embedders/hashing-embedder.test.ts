import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { dot } from '../../core/vector.js';
import { createHashingEmbedder } from './hashing-embedder.js';

function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

async function embedOne(text: string, dimension?: number): Promise<Float32Array> {
  const [vector] = await createHashingEmbedder({ dimension }).embed([text]);
  if (vector === undefined) throw new Error('no vector');
  return vector;
}

describe('createHashingEmbedder', () => {
  it('has a versioned id that encodes the dimension', () => {
    const standard = createHashingEmbedder();
    expect(standard.id).toBe('hashing-v1-512');
    expect(standard.dimension).toBe(512);
    const small = createHashingEmbedder({ dimension: 64 });
    expect(small.id).toBe('hashing-v1-64');
    expect(small.dimension).toBe(64);
  });

  it('rejects an invalid dimension', () => {
    for (const dimension of [0, 8, 100.5, 1_000_000, Number.NaN]) {
      expect(() => createHashingEmbedder({ dimension })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('returns one unit vector of the right length per text, in order', async () => {
    const embedder = createHashingEmbedder({ dimension: 128 });
    const texts = ['put a clean apple in fridge', 'heat some egg', 'it is the one'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(128);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const [second] = await embedder.embed([texts[1] as string]);
    expect(Array.from(second as Float32Array)).toEqual(Array.from(vectors[1] as Float32Array));
  });

  it('keeps its vectors bit for bit (golden fingerprints), also when token features come from its cache', async () => {
    // Fingerprints of the vectors of v1 before token features were cached: a change here moves every stored
    // vector and must bump HASHING_EMBEDDER_VERSION instead.
    const texts = [
      'put a clean apple 1 in fridge 2',
      'heat some egg and put it in garbagecan',
      "don't look at the agent’s mug",
      'Ærøskøbing 日本語 テキスト',
      'it is in the',
      '',
      ' ?!… ',
      'a',
      'garbagecan garbagecan garbagecan',
      'heated heating heats the mugs 42',
      'supercalifragilisticexpialidocious remotecontrol',
    ];
    const fingerprint = (vectors: Float32Array[]) =>
      createHash('sha256')
        .update(vectors.map((v) => Array.from(v).join(',')).join('\n'))
        .digest('hex');
    const golden = {
      512: '142834b0481dc4aa1988eed5c9e20c828e756463f18cdac3f41c79bb28108f2f',
      64: '1626b52619d6764ea969445affe7f0bd359a9a90e8a8c1b926d2ed2bec49d692',
    };
    for (const dimension of [512, 64] as const) {
      const embedder = createHashingEmbedder({ dimension });
      expect(fingerprint(await embedder.embed(texts))).toBe(golden[dimension]);
      // Second pass: every token's features now come from the cache; the texts in another order and grouping.
      const again = await embedder.embed([...texts].reverse());
      expect(fingerprint(again.reverse())).toBe(golden[dimension]);
    }
  });

  it('is deterministic across calls and instances', async () => {
    const text = 'Examine the alarmclock with the desklamp';
    const a = await embedOne(text);
    const b = await embedOne(text);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(await embedOne(text, 256))).not.toEqual(Array.from(a.subarray(0, 256)));
  });

  it('scores similar tasks clearly above unrelated ones', async () => {
    const [egg, apple, book] = await createHashingEmbedder().embed([
      'heat some egg and put it in garbagecan',
      'heat an apple and put it in fridge',
      'look at the book under the desklamp',
    ]);
    if (egg === undefined || apple === undefined || book === undefined) throw new Error('missing');
    const similar = dot(egg, apple);
    expect(similar).toBeGreaterThan(dot(egg, book) + 0.2);
    expect(similar).toBeGreaterThan(dot(apple, book) + 0.2);
  });

  it('makes inflections and compounds meet', async () => {
    const heated = await embedOne('heated the mug');
    const heating = await embedOne('heating a mug');
    const garbagecan = await embedOne('garbagecan');
    const garbage = await embedOne('garbage');
    const fridge = await embedOne('fridge');
    expect(dot(heated, heating)).toBeGreaterThan(0.8);
    expect(dot(garbagecan, garbage)).toBeGreaterThan(dot(garbagecan, fridge) + 0.15);
  });

  it('down-weights but still embeds stop words', async () => {
    const onlyStop = await embedOne('it is in the');
    expect(norm(onlyStop)).toBeCloseTo(1, 5);
    const a = await embedOne('put the apple in the fridge');
    const b = await embedOne('put an apple on a fridge');
    const c = await embedOne('take the mug from the shelf');
    expect(dot(a, b)).toBeGreaterThan(0.7);
    expect(dot(a, c)).toBeLessThan(0.4);
  });

  it('embeds text without letters or digits to the zero vector, which never yields NaN', async () => {
    const embedder = createHashingEmbedder({ dimension: 32 });
    const [empty, punctuation, word] = await embedder.embed(['', ' ?!… ', 'apple']);
    if (empty === undefined || punctuation === undefined || word === undefined) throw new Error('missing');
    expect(Array.from(empty).every((x) => x === 0)).toBe(true);
    expect(Array.from(punctuation).every((x) => x === 0)).toBe(true);
    expect(dot(empty, word)).toBe(0);
    expect(dot(empty, empty)).toBe(0);
    expect(Array.from(empty).some(Number.isNaN)).toBe(false);
  });

  it('handles an empty batch and rejects non-string input', async () => {
    const embedder = createHashingEmbedder();
    expect(await embedder.embed([])).toEqual([]);
    const bad: unknown[] = ['ok', 42];
    await expect(embedder.embed(bad as string[])).rejects.toSatisfy((error: unknown) =>
      isMempError(error, 'INVALID_ARGUMENT'),
    );
  });
});
