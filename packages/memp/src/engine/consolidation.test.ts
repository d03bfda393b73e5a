import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import { MempError, isMempError } from '../core/errors.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { createSeededIds } from '../core/ids.js';
import { TEXT_GAME_GRAMMAR } from '../../test/fixtures/text-game-grammar.js';
import { createScriptedLanguageModel } from '../testing/scripted-language-model.js';
import { createLlmGateway } from '../ai.js';
import { createInMemoryMemoryStore } from '../index.js';
import { createMemp } from '../composition/create-memp.js';
import type { MempOptions } from './memp-options.js';

/** A successful "put a hot X in Y" episode, found at `at`, with `detours` extra visits before it. */
function hot(id: string, object: string, target: string, at: string, detours = 0) {
  const steps = [
    ...Array.from({ length: detours }, (_, i) => ({
      action: `go to drawer ${i + 1}`,
      observation: `The drawer ${i + 1} is closed.`,
    })),
    { action: `go to ${at} 1`, observation: `On the ${at} 1, you see a ${object} 1.` },
    { action: `take ${object} 1 from ${at} 1`, observation: `You pick up the ${object} 1 from the ${at} 1.` },
    { action: 'go to microwave 1', observation: 'The microwave 1 is closed.' },
    { action: `heat ${object} 1 with microwave 1`, observation: `You heat the ${object} 1 using the microwave 1.` },
    { action: `go to ${target} 1`, observation: `The ${target} 1 is open.` },
    { action: `move ${object} 1 to ${target} 1`, observation: `You move the ${object} 1 to the ${target} 1.` },
  ];
  return { id, task: `put a hot ${object} in ${target}`, steps, outcome: { success: true } };
}
const coolMug = {
  id: 't-cool',
  task: 'put a cool mug in cabinet',
  outcome: { success: true },
  steps: [
    { action: 'take mug 1 from countertop 1', observation: 'You pick up the mug 1 from the countertop 1.' },
    { action: 'cool mug 1 with fridge 1', observation: 'You cool the mug 1 using the fridge 1.' },
    { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
  ],
};

function engine(options: MempOptions = {}) {
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(5),
    grammar: TEXT_GAME_GRAMMAR,
    ...options,
  });
}

describe('consolidation on learn', () => {
  it('absorbs the same abstract procedure: support grows, a merge revision records it', async () => {
    // The lean distiller drops t1's detour visits, so both procedures are equally long and the older memory keeps its
    // content (only a strictly shorter procedure replaces it; see the next test).
    const memp = engine({ consolidate: true });
    const first = await memp.learn({ trajectory: hot('t1', 'apple', 'fridge', 'countertop', 2) });
    const second = await memp.learn({ trajectory: hot('t2', 'mug', 'cabinet', 'diningtable') });
    const third = await memp.learn({ trajectory: coolMug });
    expect(second.created).toBeUndefined();
    expect(second.mergedInto).toBe(first.created);
    expect(third.created).toBeDefined();
    const { memory, revisions } = await memp.show({ id: first.created as string });
    expect(memory.provenance.from).toEqual(['t1', 't2']);
    expect(memory.task).toBe('put a hot apple in fridge');
    expect(memory.steps).toHaveLength(6);
    expect(revisions.map((r) => r.reason)).toEqual(['merge']);
    expect(revisions[0]?.before.task).toBe('put a hot apple in fridge');
    expect((await memp.stats()).active).toBe(2);
    // The absorbed task still finds the merged memory (its task sentence is the older one's, so it ranks beside the
    // cool-mug memory that shares "mug in cabinet").
    expect((await memp.retrieve({ task: 'put a hot mug in cabinet', k: 2 })).map((r) => r.memory.id)).toContain(
      first.created,
    );
  });

  it('settles duplicates learned at once by two engines: the later committer merges them after its commit', async () => {
    const store = createInMemoryMemoryStore();
    const a = engine({ store, consolidate: true, ids: createSeededIds(5) });
    const b = engine({ store, consolidate: true, ids: createSeededIds(6) });
    const [first, second] = await Promise.all([
      a.learn({ trajectory: hot('t1', 'apple', 'fridge', 'countertop') }),
      b.learn({ trajectory: hot('t2', 'mug', 'cabinet', 'diningtable') }),
    ]);
    // Neither saw the other's memory when it planned: both created one, and the settling merged one into the other.
    expect(first.created).toBeDefined();
    expect(second.created).toBeDefined();
    const merged = [first, second].filter((r) => r.mergedInto !== undefined);
    expect(merged).toHaveLength(1);
    expect([first.created, second.created]).toContain(merged[0]?.mergedInto);
    expect((await a.stats()).active).toBe(1);
    await a.close();
  });

  it('keeps the longer-standing procedure when the new one is not shorter, and absorbs within one batch', async () => {
    const memp = engine({ consolidate: true });
    const results = await memp.learnBatch({
      items: [
        { trajectory: hot('t1', 'apple', 'fridge', 'countertop') },
        { trajectory: hot('t2', 'mug', 'cabinet', 'diningtable', 1) },
      ],
    });
    expect(results[1]?.mergedInto).toBe(results[0]?.created);
    const [memory] = await memp.list();
    expect(memory?.task).toBe('put a hot apple in fridge');
    expect(memory?.provenance.from).toEqual(['t1', 't2']);
  });

  it('consolidate: false keeps the paper behaviour (one memory per success)', async () => {
    const memp = engine({ consolidate: false });
    await memp.learn({ trajectory: hot('t1', 'apple', 'fridge', 'countertop') });
    await memp.learn({ trajectory: hot('t2', 'mug', 'cabinet', 'diningtable') });
    expect((await memp.stats()).active).toBe(2);
  });

  it('refuses an out-of-range threshold with INVALID_ARGUMENT', () => {
    expect(() => engine({ consolidate: { minTaskSimilarity: 2 } })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('consolidate()', () => {
  async function filled(options: MempOptions = {}) {
    const memp = engine(options);
    await memp.learnBatch({
      items: [
        { trajectory: hot('t1', 'apple', 'fridge', 'countertop', 1) },
        { trajectory: hot('t2', 'mug', 'cabinet', 'diningtable') },
        { trajectory: hot('t3', 'egg', 'garbagecan', 'fridge', 2) },
        { trajectory: coolMug },
      ],
    });
    return memp;
  }

  it('dry-run reports the clusters and changes nothing; a run deprecates the absorbed with a pointer to the survivor', async () => {
    const memp = await filled();
    const dry = await memp.consolidate({ dryRun: true });
    expect(dry).toMatchObject({ before: 4, after: 2, dryRun: true, mergedBy: 'offline' });
    expect(dry.clusters).toHaveLength(1);
    expect(dry.clusters[0]?.absorbed).toHaveLength(2);
    expect((await memp.stats()).active).toBe(4);
    const done = await memp.consolidate();
    expect(done.clusters).toEqual(dry.clusters);
    const survivor = await memp.show({ id: done.clusters[0]?.survivor as string });
    expect(survivor.memory.task).toBe('put a hot apple in fridge');
    expect([...survivor.memory.provenance.from].sort()).toEqual(['t1', 't2', 't3']);
    for (const id of done.clusters[0]?.absorbed ?? []) {
      const { memory, revisions } = await memp.show({ id });
      expect(memory.status).toBe('deprecated');
      expect(memory.meta?.mergedInto).toBe(survivor.memory.id);
      expect(revisions.at(-1)?.reason).toBe('merge');
    }
    expect((await memp.stats()).active).toBe(2);
  });

  it('with a model: writes the merged procedure; a junk answer is PROVIDER_OUTPUT_INVALID and changes nothing', async () => {
    const merged =
      '<Workflow>\n1. take the mug\n2. heat the mug with the microwave\n3. move the mug to the cabinet\n</Workflow>';
    const good = createLlmGateway({ model: createScriptedLanguageModel({ replies: [merged] }), modelId: 'scripted:m' });
    const memp = await filled({
      merger: (await import('../adapters/llm/llm-merger.js')).createLlmMerger({ gateway: good }),
    });
    const report = await memp.consolidate();
    expect(report.mergedBy).toBe('scripted:m');
    expect((await memp.show({ id: report.clusters[0]?.survivor as string })).memory.script).toBe(
      '1. take the mug\n2. heat the mug with the microwave\n3. move the mug to the cabinet',
    );

    const junk = createLlmGateway({
      model: createScriptedLanguageModel({ replies: ['sure!', 'I merged them.'] }),
      modelId: 'scripted:j',
    });
    const other = await filled({
      merger: (await import('../adapters/llm/llm-merger.js')).createLlmMerger({ gateway: junk }),
    });
    const before = await other.list();
    const error = await other.consolidate().catch((e: unknown) => e);
    expect(isMempError(error, 'PROVIDER_OUTPUT_INVALID')).toBe(true);
    expect(await other.list()).toEqual(before);
  });
});

describe('retention', () => {
  it('keeps at most maxActive memories after each learn, evicting with reason retention (never deleting)', async () => {
    const memp = engine({ consolidate: false, retention: { maxActive: 2, namespaces: { roomy: { maxActive: 10 } } } });
    for (const [i, object] of ['apple', 'mug', 'egg'].entries())
      await memp.learn({ trajectory: hot(`t${i}`, object, 'fridge', 'countertop', i) });
    const stats = await memp.stats();
    expect(stats).toMatchObject({ active: 2, deprecated: 1, memories: 3 });
    const [evicted] = await memp.list({ status: 'deprecated' });
    const { revisions } = await memp.show({ id: evicted?.id as string });
    expect(revisions.at(-1)?.reason).toBe('retention');
    for (const [i, object] of ['apple', 'mug', 'egg'].entries())
      await memp.learn({ namespace: 'roomy', trajectory: hot(`r${i}`, object, 'fridge', 'countertop', i) });
    expect((await memp.stats({ namespace: 'roomy' })).active).toBe(3);
  });

  it('expires memories unused for longer than expireAfterDays, on learn and in consolidate()', async () => {
    let now = '2025-01-01T00:00:00.000Z';
    const memp = engine({ consolidate: false, retention: { expireAfterDays: 1 }, clock: { now: () => now } });
    const cool = await memp.learn({ trajectory: coolMug });
    now = '2025-01-03T00:00:00.000Z';
    const fresh = await memp.learn({ trajectory: hot('t1', 'apple', 'fridge', 'countertop') });
    expect((await memp.list({ status: 'deprecated' })).map((m) => m.id)).toEqual([cool.created]);
    now = '2025-01-05T00:00:00.000Z';
    const report = await memp.consolidate({ dryRun: true });
    expect(report.evicted).toEqual([expect.objectContaining({ id: fresh.created, why: 'expired' })]);
    expect((await memp.stats()).active).toBe(1);
  });

  it('a learn whose upkeep fails after the commit still reports what it committed (upkeepError, not a failure)', async () => {
    // A store on which the retention change always loses its race: CONFLICT on every attempt.
    const inner = createInMemoryMemoryStore();
    const apply: MemoryStore['apply'] = async (change) => {
      if (change.update?.some((u) => u.reason === 'retention'))
        throw new MempError('CONFLICT', 'a concurrent writer changed the memory');
      return inner.apply(change);
    };
    // The store is a class instance: delegate through a proxy (a spread would drop its methods).
    const store = new Proxy(inner, {
      get: (target, name) => (name === 'apply' ? apply : Reflect.get(target, name, target)),
    });
    const memp = engine({ store, consolidate: false, retention: { maxActive: 1 } });
    await memp.learn({ trajectory: coolMug });
    const result = await memp.learn({ trajectory: hot('t1', 'apple', 'fridge', 'countertop') });
    expect(result.created).toBeDefined();
    expect(result.upkeepError?.code).toBe('CONFLICT');
    expect((await memp.stats()).trajectories).toBe(2);
    // Relearning it is recognised (idempotent learns): the first result, without its upkeep error, the store unchanged.
    const again = await memp.learn({ trajectory: hot('t1', 'apple', 'fridge', 'countertop') });
    expect(again).toMatchObject({ created: result.created, replayed: true });
    expect(again.upkeepError).toBeUndefined();
    expect((await memp.stats()).memories).toBe(2);
  });
});
