import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import { isMempError } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import { createInMemoryMemoryStore } from '../index.js';
import { createMemp } from '../composition/create-memp.js';
import type { Memp } from './create-memp.js';

function engine(): Memp {
  return createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(9) });
}

/** Calls `fn` and returns what it threw, synchronously or as a rejection. */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const valid = {
  task: 'put a clean apple in fridge',
  steps: [{ action: 'take apple 1 from countertop 1', observation: 'ok' }],
  outcome: { success: true },
};

/** Deeply nested object: `depth` levels of `{ a: … }`. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('engine errors are MempErrors (issue 12, finding 8)', () => {
  // `as never`: deliberately calling the public API with wrongly typed input.
  const cases: Array<[string, (memp: Memp) => unknown]> = [
    ['learn(undefined)', (m) => m.learn(undefined as never)],
    ['learn({ used: "x" })', (m) => m.learn({ trajectory: valid, used: 'x' as never })],
    ['learn({ used: "" })', (m) => m.learn({ trajectory: valid, used: '' as never })],
    ['learn({ used: {} })', (m) => m.learn({ trajectory: valid, used: {} as never })],
    ['learn({ used: [1] })', (m) => m.learn({ trajectory: valid, used: [1] as never })],
    ['learnBatch item with used: ""', (m) => m.learnBatch({ items: [{ trajectory: valid, used: '' as never }] })],
    ['consolidate(null)', (m) => m.consolidate(null as never)],
    ['consolidate({ dryRun: "yes" })', (m) => m.consolidate({ dryRun: 'yes' as never })],
    ['learnBatch({ items: null })', (m) => m.learnBatch({ items: null as never })],
    ['learnBatch(undefined)', (m) => m.learnBatch(undefined as never)],
    ['retrieve(undefined)', (m) => m.retrieve(undefined as never)],
    ['retrieve({ task: 123 })', (m) => m.retrieve({ task: 123 as never })],
    ['retrieve({ policy: {} })', (m) => m.retrieve({ task: 'x', policy: {} as never })],
    ['retrieve({ policy: "nope" })', (m) => m.retrieve({ task: 'x', policy: 'nope' as never })],
    ['retrieve({ maxTokens: NaN })', (m) => m.retrieve({ task: 'x', maxTokens: Number.NaN })],
    ['retrieve({ maxTokens: -1 })', (m) => m.retrieve({ task: 'x', maxTokens: -1 })],
    ['retrieve({ minScore: NaN })', (m) => m.retrieve({ task: 'x', minScore: Number.NaN })],
    ['render(null)', (m) => m.render(null as never)],
    ['render([{}])', (m) => m.render([{}] as never)],
    ['importFrom({ lines: null })', (m) => m.importFrom({ lines: null as never })],
    ['importFrom(undefined)', (m) => m.importFrom(undefined as never)],
    ['exportTo(undefined)', (m) => m.exportTo(undefined as never)],
    ['show(undefined)', (m) => m.show(undefined as never)],
    ['learn with meta nested 5000 deep', (m) => m.learn({ trajectory: { ...valid, meta: nested(5000) } })],
    [
      'learn with cyclic meta',
      (m) => {
        const meta: Record<string, unknown> = {};
        meta.self = meta;
        return m.learn({ trajectory: { ...valid, meta } });
      },
    ],
  ];
  for (const [name, call] of cases) {
    it(`${name} fails with INVALID_ARGUMENT and writes nothing`, async () => {
      const memp = engine();
      const error = await thrown(() => call(memp));
      expect(isMempError(error) ? error.code : error).toBe('INVALID_ARGUMENT');
      expect((await memp.stats()).memories).toBe(0);
      expect((await memp.stats()).trajectories).toBe(0);
    });
  }

  it('learn rejects a string `used` naming the field, even when its characters are memory ids', async () => {
    // Memory ids are single letters here, so iterating the string would find memory "a".
    const memp = createMemp({
      store: createInMemoryMemoryStore(),
      clock: createFixedClock(),
      ids: { next: (prefix) => (prefix === 'mem' ? 'a' : `${prefix}_1`) },
    });
    await memp.learn({ trajectory: { ...valid, id: 't1' } });
    const error = await thrown(() => memp.learn({ trajectory: { ...valid, id: 't2' }, used: 'a' as never }));
    expect(isMempError(error, 'INVALID_ARGUMENT') && error.details.field).toBe('used');
    expect((await memp.stats()).trajectories).toBe(1);
  });
});
