import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import type { Clock } from '../core/clock.js';
import { isMempError } from '../core/errors.js';
import { createInMemoryMemoryStore } from '../index.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { learnContentDigest } from './learn-once.js';

const episode = (task = 'put a clean apple in the fridge') => ({
  task,
  steps: [{ action: 'take apple 1 from countertop 1' }, { action: 'clean apple 1 with sinkbasin 1' }],
  outcome: { success: true },
});

/** A clock the test moves by hand. */
function manualClock(start = '2026-01-01T00:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t).toISOString(),
    advance(ms) {
      t += ms;
    },
  };
}

describe('idempotent learns (library)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-idempotent-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const stores: Array<[string, () => MemoryStore]> = [
    ['in-memory', () => createInMemoryMemoryStore()],
    ['SQLite', () => createSqliteMemoryStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) })],
  ];

  for (const [name, create] of stores) {
    describe(name, () => {
      it('learns the same content three times once: the first result, one memory, one trajectory', async () => {
        const memp = createMemp({ store: create() });
        const first = await memp.learn({ trajectory: episode() });
        const second = await memp.learn({ trajectory: episode() });
        const third = await memp.learn({ trajectory: { ...episode(), meta: { run: 3 } } });
        expect(first.replayed).toBeUndefined();
        expect(second).toEqual({ ...first, replayed: true });
        expect(third).toEqual({ ...first, replayed: true });
        expect(await memp.stats()).toMatchObject({ memories: 1, trajectories: 1 });
        const results = await memp.retrieve({ task: episode().task, k: 3 });
        expect(results).toHaveLength(1);
        // Other content is another learn.
        const other = await memp.learn({ trajectory: episode('put a hot mug in the cabinet') });
        expect(other.created).not.toBe(first.created);
        expect(await memp.stats()).toMatchObject({ memories: 2, trajectories: 2 });
        await memp.close();
      });

      it('honours an idempotency key: same content replays, other content is IDEMPOTENCY_KEY_REUSED for 24 h', async () => {
        const clock = manualClock();
        const memp = createMemp({ store: create(), clock });
        const first = await memp.learn({ trajectory: episode(), idempotencyKey: 'retry-42' });
        expect(await memp.learn({ trajectory: episode(), idempotencyKey: 'retry-42' })).toEqual({
          ...first,
          replayed: true,
        });
        const reused = await memp
          .learn({ trajectory: episode('another task entirely'), idempotencyKey: 'retry-42' })
          .catch((e: unknown) => e);
        expect(isMempError(reused, 'IDEMPOTENCY_KEY_REUSED')).toBe(true);
        expect(await memp.stats()).toMatchObject({ memories: 1, trajectories: 1 });
        // Keys are per namespace.
        const elsewhere = await memp.learn({
          trajectory: episode('another task entirely'),
          idempotencyKey: 'retry-42',
          namespace: 'elsewhere',
        });
        expect(elsewhere.replayed).toBeUndefined();
        // After the retention the key is forgotten.
        clock.advance(24 * 60 * 60 * 1000 + 1);
        const later = await memp.learn({ trajectory: episode('another task entirely'), idempotencyKey: 'retry-42' });
        expect(later.replayed).toBeUndefined();
        expect(await memp.stats()).toMatchObject({ memories: 2 });
        const bad = await memp.learn({ trajectory: episode(), idempotencyKey: 'has space' }).catch((e: unknown) => e);
        expect(isMempError(bad, 'INVALID_ARGUMENT')).toBe(true);
        await memp.close();
      });

      it('writes once when two identical learns race (two engines on one store)', async () => {
        const store = create();
        const a = createMemp({ store });
        const b = createMemp({ store });
        const results = await Promise.all([
          a.learn({ trajectory: episode() }),
          b.learn({ trajectory: episode() }),
          a.learn({ trajectory: episode() }),
        ]);
        expect(new Set(results.map((r) => r.created)).size).toBe(1);
        expect(results.filter((r) => r.replayed !== true)).toHaveLength(1);
        expect(await a.stats()).toMatchObject({ memories: 1, trajectories: 1 });
        await a.close();
      });

      it('dedupes a batch: items repeating an earlier item or an earlier learn replay it', async () => {
        const memp = createMemp({ store: create() });
        const before = await memp.learn({ trajectory: episode('learned before the batch') });
        const results = await memp.learnBatch({
          items: [
            { trajectory: episode('new in the batch') },
            { trajectory: episode('learned before the batch') },
            { trajectory: episode('new in the batch') },
          ],
        });
        expect(results[1]).toEqual({ ...before, replayed: true });
        expect(results[2]).toEqual({ ...results[0], replayed: true });
        expect(results[0]?.replayed).toBeUndefined();
        expect(await memp.stats()).toMatchObject({ memories: 2, trajectories: 2 });
        await memp.close();
      });

      it('keeps two episodes with the same content and different given ids apart', async () => {
        const memp = createMemp({ store: create() });
        const a = await memp.learn({ trajectory: { ...episode(), id: 'run-1' } });
        const b = await memp.learn({ trajectory: { ...episode(), id: 'run-2' } });
        expect(b.replayed).toBeUndefined();
        expect(a.created).not.toBe(b.created);
        expect(await memp.learn({ trajectory: { ...episode(), id: 'run-1' } })).toEqual({ ...a, replayed: true });
        await memp.close();
      });
    });
  }

  it('digests the normalised content: not meta or a generated id; task, steps, outcome, model, env, used', () => {
    const base = {
      id: 'generated-1',
      namespace: 'n',
      task: 'a task',
      steps: [{ action: 'look' }],
      outcome: { success: true, steps: 1 },
    };
    const d = (t: Partial<typeof base> & Record<string, unknown>, used: string[] = [], idGiven = false) =>
      learnContentDigest({ ...base, ...t } as never, used, idGiven);
    expect(d({})).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(d({ id: 'generated-2', meta: { at: 1 } })).toBe(d({}));
    expect(d({}, ['m2', 'm1', 'm1'])).toBe(d({}, ['m1', 'm2']));
    for (const changed of [
      d({ task: 'another task' }),
      d({ steps: [{ action: 'look', observation: 'x' }] } as never),
      d({ outcome: { success: false, steps: 1 } }),
      d({ model: 'gpt' }),
      d({ env: 'alfworld' }),
      d({}, ['m1']),
      d({}, [], true),
    ])
      expect(changed).not.toBe(d({}));
  });
});
