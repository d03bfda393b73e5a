import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../core/clock.js';
import { createSeededIds } from '../core/ids.js';
import { createInMemoryMemoryStore } from '../index.js';
import { createMemp } from '../composition/create-memp.js';
import type { MempOptions } from './memp-options.js';

function engine(options: MempOptions = {}) {
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(5),
    ...options,
  });
}

const episode = (id: string, success: boolean) => ({
  id,
  task: 'put a clean apple in fridge',
  steps: [
    { action: 'take apple 1 from countertop 1', observation: 'You pick up the apple 1.' },
    { action: 'clean apple 1 with sinkbasin 1', observation: 'You clean the apple 1.' },
  ],
  outcome: { success },
});

/** An export of two memories (and their trajectories), as lines. */
async function exportLines(): Promise<string[]> {
  const source = engine();
  await source.learn({ trajectory: episode('t1', true) });
  await source.learn({ trajectory: { ...episode('t2', true), task: 'look at book under the desklamp' } });
  const lines: string[] = [];
  await source.exportTo({ embeddings: true, write: (line) => void lines.push(line) });
  return lines;
}

function editMemoryLine(lines: string[], edit: (memory: Record<string, unknown>) => void): string[] {
  return lines.map((line, i) => {
    if (i !== 1) return line;
    const value = JSON.parse(line) as { memory: Record<string, unknown> };
    edit(value.memory);
    return JSON.stringify(value);
  });
}

describe('importMemories hardening (issue 12)', () => {
  it('keeps imported stats as provenance only: local failures still deprecate the memory (finding 2)', async () => {
    const lines = editMemoryLine(await exportLines(), (m) => {
      m.stats = { retrieved: 1000, succeeded: 1000, failed: 0 };
    });
    const id = (JSON.parse(lines[1] as string) as { memory: { id: string } }).memory.id;
    const memp = engine({ update: 'validation' });
    await memp.importFrom({ lines });
    const imported = (await memp.show({ id })).memory;
    expect(imported.stats).toEqual({ retrieved: 0, succeeded: 0, failed: 0 });
    expect(imported.provenance.imported?.stats).toEqual({ retrieved: 1000, succeeded: 1000, failed: 0 });
    await memp.learn({ trajectory: episode('f1', false), used: [id] });
    await memp.learn({ trajectory: episode('f2', false), used: [id] });
    const third = await memp.learn({ trajectory: episode('f3', false), used: [id] });
    expect(third.deprecated).toEqual([id]);
  });

  it('refuses dates that are not ISO timestamps, naming the line and field (finding 2)', async () => {
    const lines = await exportLines();
    for (const edit of [
      (m: Record<string, unknown>) => Object.assign(m, { createdAt: 'not-a-date' }),
      (m: Record<string, unknown>) => Object.assign(m, { updatedAt: '2025-13-45T99:00:00Z' }),
      (m: Record<string, unknown>) =>
        Object.assign(m, { stats: { retrieved: 0, succeeded: 0, failed: 0, lastUsedAt: 'yesterday' } }),
    ]) {
      const memp = engine();
      const error = await memp.importFrom({ lines: editMemoryLine(lines, edit) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { line: 2 } });
      expect(await memp.list()).toEqual([]);
    }
  });

  it('refuses a truncated file using the header counts, writing nothing (finding 6)', async () => {
    const lines = await exportLines();
    for (const cut of [2, 3, lines.length - 1]) {
      const memp = engine();
      const error = await memp.importFrom({ lines: lines.slice(0, cut) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await memp.list()).toEqual([]);
      expect((await memp.stats()).memories).toBe(0);
    }
    // Extra lines after the announced ones are refused too.
    const extra = await engine()
      .importFrom({ lines: [...lines, lines[1] as string] })
      .catch((e: unknown) => e);
    expect(extra).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('accepts a UTF-8 byte order mark before the header (finding 8)', async () => {
    const lines = await exportLines();
    const memp = engine();
    const result = await memp.importFrom({ lines: [`\uFEFF${lines[0] as string}`, ...lines.slice(1)] });
    expect(result.imported).toBe(2);
  });

  it('refuses a memory with more keywords than the cap (finding 3)', async () => {
    const lines = editMemoryLine(await exportLines(), (m) => {
      m.keywords = Array.from({ length: 13 }, (_, i) => `word${i}`);
    });
    const memp = engine();
    const error = await memp.importFrom({ lines }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { line: 2, field: 'memory.keywords' } });
  });
});
