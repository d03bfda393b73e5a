import { describe, expect, it } from 'vitest';
import { generateAlfworldGames } from '../environment/generate-games.js';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { runParaphraseRetrieval } from './run-paraphrase-retrieval.js';

/** Small generated splits: 12 query games per split, 24 training games. */
const deps: AlfworldBenchDeps = {
  ...defaultAlfworldBenchDeps,
  generatedGames: ({ split }) => ({
    dir: `generated:${split}`,
    games: generateAlfworldGames({ seed: `para-${split}`, count: split === 'train' ? 24 : 12 }),
  }),
};

describe('runParaphraseRetrieval on generated games', () => {
  it('measures every policy and the co-occurrence variant, as written and reworded', async () => {
    const r = await runParaphraseRetrieval({ splits: ['valid_seen'], deps, k: 3 });
    expect(r.queries).toBe(12);
    expect(r.learnedReworded).toEqual([]);
    expect(r.memories).toBe(24);
    const names = r.paraphrased.map((q) => q.policy);
    expect(names).toEqual(expect.arrayContaining(['query', 'hybrid', 'hybrid (co-occurrence expansion)']));
    for (const q of [...r.original, ...r.paraphrased]) expect(q.queries).toBe(12);
  });

  it('learns reworded replays of another split first, and refuses a query split', async () => {
    const r = await runParaphraseRetrieval({ splits: ['valid_seen'], learnReworded: ['valid_train'], deps, k: 3 });
    expect(r.learnedReworded).toEqual(['valid_train']);
    expect(r.memories).toBe(24 + 12);
    await expect(
      runParaphraseRetrieval({ splits: ['valid_seen'], learnReworded: ['valid_seen'], deps }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: '--learn-reworded' } });
  });
});
