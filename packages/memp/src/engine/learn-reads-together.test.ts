import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADJUSTED, failedMug, heatMug, KEYWORDS, SCRIPT } from '../../test/heat-mug-episodes.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createLlmGateway } from '../ai.js';
import { createMemp } from '../composition/create-memp.js';
import { createFixedClock } from '../core/clock.js';
import { isMempError, MempError } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import { createInMemoryMemoryStore } from '../index.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { createScriptedLanguageModel } from '../testing/scripted-language-model.js';

/** The store reads a learn makes before it commits. */
const READS = ['learnRecords', 'get', 'evidence'] as const;
type Read = (typeof READS)[number];

/**
 * A real store whose reads before a commit take a few milliseconds more (as a database round trip does), recording
 * which of them were in flight at the same time, and which calls were made; `fail` makes a read fail.
 */
function watchedStore(store: MemoryStore) {
  const inFlight = new Set<Read>();
  const overlaps: Array<Set<Read>> = [];
  const calls: string[] = [];
  const fail = new Map<Read, MempError>();
  const watched = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls.push(String(name));
        const read = READS.find((r) => r === name);
        if (read === undefined) return value.apply(target, args);
        inFlight.add(read);
        overlaps.push(new Set(inFlight));
        try {
          await new Promise((r) => setTimeout(r, 5));
          const error = fail.get(read);
          if (error) throw error;
          return await value.apply(target, args);
        } finally {
          inFlight.delete(read);
        }
      };
    },
  });
  return {
    store: watched,
    calls,
    fail,
    /** The largest set of reads seen in flight at once, then forgets what it saw. */
    widest(): Read[] {
      const widest = overlaps.reduce((a, b) => (b.size > a.size ? b : a), new Set<Read>());
      overlaps.length = 0;
      calls.length = 0;
      return [...widest].sort();
    },
  };
}

describe('the reads of a learn go together', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-learn-reads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const stores: Array<[string, () => MemoryStore]> = [
    ['in-memory', () => createInMemoryMemoryStore()],
    ['SQLite', () => createSqliteMemoryStore({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) })],
  ];

  for (const [name, create] of stores) {
    describe(name, () => {
      it('a learn with used memories waits for its look-up, bodies and evidence at once', async () => {
        const watch = watchedStore(create());
        const memp = createMemp({ store: watch.store });
        const first = await memp.learn({ trajectory: heatMug });
        watch.widest();
        const second = await memp.learn({ trajectory: failedMug('traj-fail'), used: [first.created as string] });
        expect(watch.widest()).toEqual(['evidence', 'get', 'learnRecords']);
        // The learn itself is the same: the used memory was counted.
        expect(second.replayed).toBeUndefined();
        const { memory } = await memp.show({ id: first.created as string });
        expect(memory.stats).toMatchObject({ retrieved: 1, failed: 1 });
        await memp.close();
      });

      it('a batch looks all its items up in one read', async () => {
        const watch = watchedStore(create());
        const memp = createMemp({ store: watch.store });
        const first = await memp.learn({ trajectory: heatMug });
        watch.widest();
        await memp.learnBatch({
          items: [
            { trajectory: { ...heatMug, id: 'b1' }, used: [first.created as string] },
            { trajectory: failedMug('b2') },
            { trajectory: { ...heatMug, id: 'b3' } },
          ],
        });
        const calls = [...watch.calls];
        expect(watch.widest()).toEqual(['evidence', 'get', 'learnRecords']);
        expect(calls.filter((c) => c === 'learnRecords')).toHaveLength(1);
        await memp.close();
      });

      it('a replay calls no model and writes nothing, whatever its prefetched reads do', async () => {
        const model = createScriptedLanguageModel({ replies: [SCRIPT, KEYWORDS, ADJUSTED] });
        const watch = watchedStore(create());
        const memp = createMemp({
          store: watch.store,
          clock: createFixedClock(),
          ids: createSeededIds(3),
          model: createLlmGateway({ model, modelId: 'scripted:m1' }),
        });
        const id = (await memp.learn({ trajectory: heatMug })).created as string;
        const learned = await memp.learn({ trajectory: failedMug('traj-fail'), used: [id] });
        expect(learned.adjusted).toEqual([id]);
        expect(model.doGenerateCalls).toHaveLength(3);
        watch.widest();
        const replayed = await memp.learn({ trajectory: failedMug('traj-fail'), used: [id] });
        expect(replayed).toEqual({ ...learned, replayed: true });
        expect(model.doGenerateCalls).toHaveLength(3);
        expect(watch.calls).not.toContain('apply');
        // A replay does not depend on the reads it did not need: a failing body read still replays.
        watch.fail.set('get', new MempError('STORAGE_FAILED', 'disk gone'));
        expect(await memp.learn({ trajectory: failedMug('traj-fail'), used: [id] })).toEqual({
          ...learned,
          replayed: true,
        });
        expect(watch.calls).not.toContain('apply');
        expect(model.doGenerateCalls).toHaveLength(3);
        await memp.close();
      });

      it('fails with the error of the read that fails, the look-up first', async () => {
        const watch = watchedStore(create());
        const memp = createMemp({ store: watch.store });
        const id = (await memp.learn({ trajectory: heatMug })).created as string;
        watch.widest();
        const failing = async () =>
          memp.learn({ trajectory: failedMug('traj-fail'), used: [id] }).catch((e: unknown) => e);
        watch.fail.set('evidence', new MempError('STORAGE_FAILED', 'evidence unreadable'));
        expect(await failing()).toMatchObject({ code: 'STORAGE_FAILED', message: 'evidence unreadable' });
        watch.fail.set('get', new MempError('STORAGE_FAILED', 'bodies unreadable'));
        expect(await failing()).toMatchObject({ code: 'STORAGE_FAILED', message: 'bodies unreadable' });
        watch.fail.set('learnRecords', new MempError('STORAGE_FAILED', 'records unreadable'));
        expect(await failing()).toMatchObject({ code: 'STORAGE_FAILED', message: 'records unreadable' });
        expect(watch.calls).not.toContain('apply');
        watch.fail.clear();
        // An unknown used memory is still named, after the reads.
        const unknown = await memp
          .learn({ trajectory: failedMug('traj-fail'), used: ['mem-nope'] })
          .catch((e: unknown) => e);
        expect(isMempError(unknown, 'INVALID_ARGUMENT')).toBe(true);
        expect((unknown as MempError).message).toContain('used memory "mem-nope" does not exist');
        expect((await memp.learn({ trajectory: failedMug('traj-fail'), used: [id] })).replayed).toBeUndefined();
        await memp.close();
      });
    });
  }
});
