import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import { type ErrorCode, isMempError } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import { createInMemoryMemoryStore } from '../index.js';
import { createMemp } from '../composition/create-memp.js';

function engine() {
  return createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(3) });
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMempError(error) ? error.code : error).toBe(code);
}

const trajectory = (id: string, task: string, success = true) => ({
  id,
  task,
  outcome: { success },
  steps: [
    { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
    { action: 'clean mug 1 with sinkbasin 1', observation: 'You clean the mug 1 using the sinkbasin 1.' },
  ],
});

async function seeded() {
  const memp = engine();
  const a = await memp.learn({ trajectory: trajectory('t1', 'clean a mug and put it in the cabinet') });
  const b = await memp.learn({ trajectory: trajectory('t2', 'heat an egg with the microwave') });
  return { memp, a: a.created as string, b: b.created as string };
}

describe('memory operations', () => {
  it('edits with a version check, keeps a revision, and re-embeds a new task', async () => {
    const { memp, a } = await seeded();
    const edited = await memp.edit({
      id: a,
      expectedVersion: 1,
      content: { script: '1. do it', task: 'wash a cup' },
      note: 'clearer',
    });
    expect(edited).toMatchObject({ version: 2, script: '1. do it', task: 'wash a cup' });
    const { revisions } = await memp.show({ id: a });
    expect(revisions.map((r) => [r.reason, r.version, r.before.task])).toEqual([
      ['edit', 2, 'clean a mug and put it in the cabinet'],
    ]);
    const [top] = await memp.retrieve({ task: 'wash a cup', k: 1 });
    expect(top?.memory.id).toBe(a);
    await expectCode(memp.edit({ id: a, expectedVersion: 1, content: { script: 'stale' } }), 'CONFLICT');
    await expectCode(memp.edit({ id: a, expectedVersion: 2, content: {} }), 'INVALID_ARGUMENT');
    await expectCode(memp.edit({ id: a, expectedVersion: 2, content: { kind: 'nonsense' } }), 'INVALID_ARGUMENT');
    await expectCode(memp.edit({ id: 'ghost', expectedVersion: 1, content: { script: 'x' } }), 'NOT_FOUND');
  });

  it('deprecates and restores, dropping the memory from retrieval in between', async () => {
    const { memp, a } = await seeded();
    const gone = await memp.deprecate({ id: a });
    expect(gone).toMatchObject({ status: 'deprecated', version: 2 });
    expect(
      (await memp.retrieve({ task: 'clean a mug and put it in the cabinet', k: 5 })).map((r) => r.memory.id),
    ).not.toContain(a);
    expect(await memp.deprecate({ id: a })).toEqual(gone);
    await expectCode(memp.restore({ id: a, expectedVersion: 1 }), 'CONFLICT');
    expect(await memp.restore({ id: a, expectedVersion: 2 })).toMatchObject({ status: 'active', version: 3 });
    expect((await memp.retrieve({ task: 'clean a mug and put it in the cabinet', k: 1 }))[0]?.memory.id).toBe(a);
  });

  it('deletes a memory for good, with a version check', async () => {
    const { memp, a, b } = await seeded();
    await expectCode(memp.delete({ id: a, expectedVersion: 9 }), 'CONFLICT');
    expect(await memp.delete({ id: a })).toEqual({ id: a, version: 1 });
    await expectCode(memp.show({ id: a }), 'NOT_FOUND');
    await expectCode(memp.delete({ id: a }), 'NOT_FOUND');
    expect((await memp.list()).map((m) => m.id)).toEqual([b]);
    expect((await memp.stats()).trajectories).toBe(2);
  });

  it('reports outcomes as hits and applies the deprecation rule', async () => {
    const { memp, a, b } = await seeded();
    const first = await memp.reportOutcome({ ids: [a, b, a], success: true });
    expect(first.memories.map((m) => [m.id, m.stats.retrieved, m.stats.succeeded])).toEqual([
      [a, 1, 1],
      [b, 1, 1],
    ]);
    expect(first.deprecated).toEqual([]);
    await memp.reportOutcome({ ids: [b], success: false });
    const third = await memp.reportOutcome({ ids: [b], success: false });
    expect(third.deprecated).toEqual([b]);
    expect(third.memories[0]).toMatchObject({ status: 'deprecated', stats: { retrieved: 3, succeeded: 1, failed: 2 } });
    await expectCode(memp.reportOutcome({ ids: [a, 'ghost'], success: true }), 'NOT_FOUND');
    expect((await memp.show({ id: a })).memory.stats.retrieved).toBe(1);
    await expectCode(memp.reportOutcome({ ids: [], success: true }), 'INVALID_ARGUMENT');
  });

  it('lists namespaces', async () => {
    const { memp } = await seeded();
    await memp.learn({ trajectory: trajectory('t3', 'slice bread'), namespace: 'team-b' });
    expect(await memp.namespaces()).toEqual(['default', 'team-b']);
  });
});
