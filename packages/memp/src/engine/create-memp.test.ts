import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import { isMempError, type ErrorCode } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import { createHashingEmbedder, createInMemoryMemoryStore } from '../index.js';
import { createMemp } from '../composition/create-memp.js';
import type { MempOptions } from './memp-options.js';

function engine(options: MempOptions = {}) {
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(7),
    ...options,
  });
}

const cleanApple = {
  id: 'traj-apple',
  task: 'put a clean apple in fridge',
  steps: [
    {
      action: 'go to countertop 1',
      observation: 'You arrive at countertop 1. On the countertop 1, you see a apple 1.',
    },
    { action: 'take apple 1 from countertop 1', observation: 'You pick up the apple 1 from the countertop 1.' },
    { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
    { action: 'clean apple 1 with sinkbasin 1', observation: 'You clean the apple 1 using the sinkbasin 1.' },
    { action: 'go to fridge 1', observation: 'You arrive at fridge 1.' },
    { action: 'move apple 1 to fridge 1', observation: 'You move the apple 1 to the fridge 1.' },
  ],
  outcome: { success: true },
};
const lookBook = {
  id: 'traj-book',
  task: 'look at book under the desklamp',
  steps: [
    { action: 'go to bed 1', observation: 'You arrive at bed 1. On the bed 1, you see a book 1.' },
    { action: 'take book 1 from bed 1', observation: 'You pick up the book 1 from the bed 1.' },
    { action: 'go to sidetable 1', observation: 'You arrive at sidetable 1.' },
    { action: 'use desklamp 1', observation: 'You turn on the desklamp 1.' },
  ],
  outcome: { success: true },
};
const failedEpisode = (id: string) => ({
  id,
  task: 'put a clean mug in fridge',
  steps: [{ action: 'clean mug 1 with stoveburner 1', observation: 'Nothing happens.' }],
  outcome: { success: false },
});

async function expectCode(promise: Promise<unknown>, code: ErrorCode) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMempError(error) ? error.code : error).toBe(code);
}

describe('createMemp', () => {
  it('learns a procedure and retrieves it first for a similar task', async () => {
    const memp = engine();
    const learned = await memp.learn({ trajectory: cleanApple });
    await memp.learn({ trajectory: lookBook });
    expect(learned.created).toBeDefined();
    const [top, second] = await memp.retrieve({ task: 'put a clean mug in fridge', k: 2 });
    expect(top?.memory.id).toBe(learned.created);
    expect(top?.memory.kind).toBe('proceduralization');
    // The default (neutral) grammar writes actions as they are: instance numbers are abstracted only under a grammar that says so.
    expect(top?.memory.script).toContain('clean apple 1 with sinkbasin 1');
    expect(top?.memory.provenance).toEqual({ builtBy: 'offline', from: ['traj-apple'], embedder: memp.embedder.id });
    expect(top!.score).toBeGreaterThan(second!.score);
  });

  it('retrieves with avefact and random too', async () => {
    const memp = engine({ seed: 3 });
    const apple = await memp.learn({ trajectory: cleanApple });
    await memp.learn({ trajectory: lookBook });
    const [byKeywords] = await memp.retrieve({
      task: 'clean the apple then put it in the fridge',
      policy: 'avefact',
      k: 1,
    });
    expect(byKeywords?.memory.id).toBe(apple.created);
    expect(byKeywords?.key).toBe('keywords');
    const random = await memp.retrieve({ task: 'anything', policy: 'random', k: 5 });
    expect(random.map((r) => r.key)).toEqual(['random', 'random']);
    expect(await memp.retrieve({ task: 'anything', policy: 'random', k: 5 })).toEqual(random);
  });

  it('validation stores only successes; vanilla stores failures too', async () => {
    const validation = engine({ update: 'validation' });
    expect((await validation.learn({ trajectory: failedEpisode('f1') })).created).toBeUndefined();
    expect((await validation.stats()).memories).toBe(0);
    expect((await validation.stats()).trajectories).toBe(1);
    const vanilla = engine({ update: 'vanilla' });
    expect((await vanilla.learn({ trajectory: failedEpisode('f1') })).created).toBeDefined();
  });

  it('adjusts a used memory after a failure, keeping the old content as a revision', async () => {
    const memp = engine({ build: 'script' });
    const { created } = await memp.learn({ trajectory: cleanApple });
    const result = await memp.learn({ trajectory: failedEpisode('f1'), used: [created!] });
    expect(result.adjusted).toEqual([created]);
    const { memory, revisions } = await memp.show({ id: created! });
    expect(memory.version).toBe(2);
    expect(memory.script).toContain('Caution');
    expect(memory.stats).toMatchObject({ retrieved: 1, succeeded: 0, failed: 1 });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]?.reason).toBe('adjustment');
    expect(revisions[0]?.before.script).not.toContain('Caution');
  });

  it('deprecates a memory after 3 uses with a success rate below 0.5 and stops retrieving it', async () => {
    const memp = engine({ update: 'validation' });
    const { created } = await memp.learn({ trajectory: cleanApple });
    await memp.learn({ trajectory: { ...cleanApple, id: 's1' }, used: [created!] });
    const second = await memp.learn({ trajectory: failedEpisode('f1'), used: [created!] });
    expect(second.deprecated).toEqual([]);
    const third = await memp.learn({ trajectory: failedEpisode('f2'), used: [created!] });
    expect(third.deprecated).toEqual([created]);
    const retrieved = await memp.retrieve({ task: cleanApple.task, k: 5 });
    expect(retrieved.map((r) => r.memory.id)).not.toContain(created);
    const { memory, revisions } = await memp.show({ id: created! });
    expect(memory.status).toBe('deprecated');
    expect(memory.stats).toMatchObject({ retrieved: 3, succeeded: 1, failed: 2 });
    expect(revisions.map((r) => r.reason)).toEqual(['deprecation']);
  });

  it('learnBatch is all or nothing and names the bad item', async () => {
    const memp = engine();
    const error = await memp
      .learnBatch({
        items: [
          { trajectory: cleanApple, where: 'f.jsonl line 1' },
          { trajectory: { task: 'x', steps: [{}], outcome: { success: true } }, where: 'f.jsonl line 2' },
        ],
      })
      .catch((e: unknown) => e);
    expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({
      field: 'steps.0.action',
      where: 'f.jsonl line 2',
    });
    expect(await memp.stats()).toMatchObject({ memories: 0, trajectories: 0 });
  });

  it('rejects unknown used ids, a trajectory learned twice, and bad arguments', async () => {
    const memp = engine();
    await expectCode(memp.learn({ trajectory: cleanApple, used: ['mem_nope'] }), 'INVALID_ARGUMENT');
    const first = await memp.learn({ trajectory: cleanApple });
    // The same trajectory again is recognised (idempotent learns): the first result, nothing written.
    expect(await memp.learn({ trajectory: cleanApple })).toEqual({ ...first, replayed: true });
    expect((await memp.stats()).memories).toBe(1);
    // The same id with other content is a conflict.
    await expectCode(memp.learn({ trajectory: { ...cleanApple, task: `${cleanApple.task} again` } }), 'CONFLICT');
    await expectCode(memp.retrieve({ task: '  ' }), 'INVALID_ARGUMENT');
    await expectCode(memp.retrieve({ task: 'x', k: 0 }), 'INVALID_ARGUMENT');
    await expectCode(memp.retrieve({ task: 'x', namespace: 'bad namespace!' }), 'INVALID_ARGUMENT');
    await expectCode(memp.show({ id: 'mem_nope' }), 'NOT_FOUND');
  });

  it('keeps namespaces apart', async () => {
    const memp = engine();
    await memp.learn({ trajectory: cleanApple, namespace: 'team-a' });
    expect(await memp.retrieve({ task: cleanApple.task, namespace: 'team-b' })).toEqual([]);
    expect(await memp.retrieve({ task: cleanApple.task, namespace: 'team-a' })).toHaveLength(1);
  });

  it('respects the token budget', async () => {
    const memp = engine();
    await memp.learn({ trajectory: cleanApple });
    await memp.learn({ trajectory: lookBook });
    expect(await memp.retrieve({ task: 'put a clean apple in fridge', k: 2, maxTokens: 1 })).toEqual([]);
    const all = await memp.retrieve({ task: 'put a clean apple in fridge', k: 2 });
    expect(all).toHaveLength(2);
  });

  it('refuses vectors of another embedder until the namespace is re-embedded', async () => {
    const store = createInMemoryMemoryStore();
    const first = createMemp({ store, embedder: createHashingEmbedder({ dimension: 256 }) });
    await first.learn({ trajectory: cleanApple });
    const second = createMemp({ store, embedder: createHashingEmbedder({ dimension: 512 }) });
    await expectCode(second.retrieve({ task: cleanApple.task }), 'EMBEDDER_MISMATCH');
    await expectCode(second.learn({ trajectory: lookBook }), 'EMBEDDER_MISMATCH');
    expect(await second.reembed()).toEqual({ memories: 1 });
    expect(await second.retrieve({ task: cleanApple.task })).toHaveLength(1);
  });

  it('exports and imports with history and provenance, re-embedding for another embedder', async () => {
    const source = engine({ build: 'script' });
    const { created } = await source.learn({ trajectory: cleanApple });
    await source.learn({ trajectory: failedEpisode('f1'), used: [created!] });
    const lines: string[] = [];
    await source.exportTo({ write: (line) => void lines.push(line), embeddings: true });
    const target = createMemp({
      store: createInMemoryMemoryStore(),
      embedder: createHashingEmbedder({ dimension: 128 }),
    });
    const result = await target.importFrom({ lines, namespace: 'imported' });
    expect(result).toMatchObject({ imported: 1, skipped: 0, reembedded: true });
    const { memory, revisions } = await target.show({ id: created!, namespace: 'imported' });
    expect(memory.provenance.from).toEqual(['traj-apple']);
    expect(memory.provenance.embedder).toBe(target.embedder.id);
    expect(revisions).toHaveLength(1);
    expect(await target.retrieve({ task: cleanApple.task, namespace: 'imported' })).toHaveLength(1);
    await expectCode(target.importFrom({ lines, namespace: 'imported' }), 'CONFLICT');
    expect((await target.importFrom({ lines, namespace: 'imported', onConflict: 'skip' })).skipped).toBe(1);
  });

  it('an import with one bad line writes nothing and names the line and field', async () => {
    const source = engine();
    await source.learn({ trajectory: cleanApple });
    await source.learn({ trajectory: lookBook });
    const lines: string[] = [];
    await source.exportTo({ write: (line) => void lines.push(line) });
    const broken = [...lines];
    broken[2] = broken[2]!.replace('"kind":"proceduralization"', '"kind":"poem"');
    const target = engine();
    const error = await target.importFrom({ lines: broken, source: 'dump.jsonl' }).catch((e: unknown) => e);
    expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as { details: Record<string, unknown> }).details).toEqual({ line: 3, field: 'memory.kind' });
    expect((await target.stats()).memories).toBe(0);
  });

  it('concurrent learners updating the same memory both land (conflicts are re-planned)', async () => {
    const store = createInMemoryMemoryStore();
    const a = createMemp({ store, build: 'script' });
    const b = createMemp({ store, build: 'script' });
    const { created } = await a.learn({ trajectory: cleanApple });
    await Promise.all([
      a.learn({ trajectory: failedEpisode('fa'), used: [created!] }),
      b.learn({ trajectory: failedEpisode('fb'), used: [created!] }),
    ]);
    const { memory, revisions } = await a.show({ id: created! });
    expect(memory.stats).toMatchObject({ retrieved: 2, failed: 2 });
    expect(memory.version).toBe(3);
    expect(revisions).toHaveLength(2);
    expect(memory.meta?.failures).toHaveLength(2);
  });
});
