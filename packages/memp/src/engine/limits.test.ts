import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import { isMempError } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import type { Memory } from '../core/memory.js';
import { renderMemories } from '../core/render/render-memories.js';
import { createInMemoryMemoryStore } from '../index.js';
import { createMemp } from '../composition/create-memp.js';
import type { MempOptions } from './memp-options.js';

function engine(options: MempOptions = {}) {
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(4),
    ...options,
  });
}

const trajectory = (steps: Array<{ action: string; observation?: string }>, task = 'put a mug in sink') => ({
  task,
  steps,
  outcome: { success: true },
});

async function codeAndField(promise: Promise<unknown>): Promise<[unknown, unknown]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isMempError(error) ? [error.code, error.details.field] : [error, undefined];
}

describe('limits (issue 12, finding 9)', () => {
  it('refuses a trajectory over the default limits with PAYLOAD_TOO_LARGE naming the field, writing nothing', async () => {
    const memp = engine();
    const huge = 'x'.repeat(10 * 1024 * 1024);
    expect(await codeAndField(memp.learn({ trajectory: trajectory([{ action: 'look' }, { action: huge }]) }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      'steps.1.action',
    ]);
    expect(await codeAndField(memp.learn({ trajectory: trajectory([{ action: 'look', observation: huge }]) }))).toEqual(
      ['PAYLOAD_TOO_LARGE', 'steps.0.observation'],
    );
    expect(await codeAndField(memp.learn({ trajectory: trajectory([{ action: 'look' }], huge) }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      'task',
    ]);
    expect((await memp.stats()).trajectories).toBe(0);
  });

  it('takes configurable limits and checks them', async () => {
    const memp = engine({ limits: { maxSteps: 2, maxActionBytes: 10 } });
    const three = trajectory([{ action: 'a' }, { action: 'b' }, { action: 'c' }]);
    expect(await codeAndField(memp.learn({ trajectory: three }))).toEqual(['PAYLOAD_TOO_LARGE', 'steps']);
    expect(await codeAndField(memp.learn({ trajectory: trajectory([{ action: 'go to the countertop' }]) }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      'steps.0.action',
    ]);
    expect((await memp.learn({ trajectory: trajectory([{ action: 'look' }]) })).created).toBeDefined();
    expect(() => engine({ limits: { maxSteps: 0 } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('counts limits in UTF-8 bytes at the boundary, for multi-byte text too', async () => {
    const memp = engine({ limits: { maxActionBytes: 12, maxObservationBytes: 12 } });
    // 'é' is 2 bytes, '€' 3 bytes, '😀' 4 bytes (2 UTF-16 units): 12 bytes each fit, one byte more does not.
    for (const fits of ['éééééé', '€€€€', '😀😀😀', 'x'.repeat(12)]) {
      const result = await memp.learn({ trajectory: trajectory([{ action: fits, observation: fits }]) });
      expect(result.created).toBeDefined();
    }
    for (const over of ['éééééé1', '€€€€1', '😀😀😀1', 'x'.repeat(13)]) {
      expect(await codeAndField(memp.learn({ trajectory: trajectory([{ action: over }]) }))).toEqual([
        'PAYLOAD_TOO_LARGE',
        'steps.0.action',
      ]);
      expect(
        await codeAndField(memp.learn({ trajectory: trajectory([{ action: 'look', observation: over }]) })),
      ).toEqual(['PAYLOAD_TOO_LARGE', 'steps.0.observation']);
    }
  });

  it('caps the rendered guidance of each memory by default, with a visible mark', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const memory: Memory = {
      id: 'm1',
      namespace: 'default',
      task: 'put a mug in sink',
      keywords: ['mug'],
      kind: 'script',
      script: 'y'.repeat(10 * 1024 * 1024),
      status: 'active',
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: { builtBy: 'offline', from: [], embedder: 'e' },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    for (const format of ['memp', 'markdown'] as const) {
      const text = renderMemories([{ memory, score: 1, key: 'query' }], { format });
      expect(text.length).toBeLessThan(40_000);
      expect(text).toContain('truncated');
      expect(
        renderMemories([{ memory, score: 1, key: 'query' }], { format, maxCharsPerMemory: 100 }).length,
      ).toBeLessThan(1_000);
    }
  });
});
