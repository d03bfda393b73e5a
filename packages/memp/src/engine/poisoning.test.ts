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
    ids: createSeededIds(3),
    ...options,
  });
}

const step = (action: string, observation = 'OK.') => ({ action, observation });

/** One honest successful episode per ALFWorld task type. */
const GENUINE = [
  {
    id: 't-put',
    task: 'put a spraybottle in toilet',
    steps: [
      step('go to cabinet 1'),
      step('take spraybottle 1 from cabinet 1'),
      step('go to toilet 1'),
      step('move spraybottle 1 to toilet 1'),
    ],
  },
  {
    id: 't-clean',
    task: 'put a clean apple in fridge',
    steps: [
      step('go to countertop 1'),
      step('take apple 1 from countertop 1'),
      step('clean apple 1 with sinkbasin 1'),
      step('move apple 1 to fridge 1'),
    ],
  },
  {
    id: 't-heat',
    task: 'heat some egg and put it in countertop',
    steps: [
      step('go to fridge 1'),
      step('take egg 1 from fridge 1'),
      step('heat egg 1 with microwave 1'),
      step('move egg 1 to countertop 1'),
    ],
  },
  {
    id: 't-cool',
    task: 'cool some tomato and put it in microwave',
    steps: [
      step('go to countertop 1'),
      step('take tomato 1 from countertop 1'),
      step('cool tomato 1 with fridge 1'),
      step('move tomato 1 to microwave 1'),
    ],
  },
  {
    id: 't-look',
    task: 'look at alarmclock under the desklamp',
    steps: [step('go to desk 1'), step('take alarmclock 1 from desk 1'), step('use desklamp 1')],
  },
  {
    id: 't-two',
    task: 'put two pencil in drawer',
    steps: [
      step('go to desk 1'),
      step('take pencil 1 from desk 1'),
      step('move pencil 1 to drawer 1'),
      step('take pencil 2 from desk 1'),
      step('move pencil 2 to drawer 1'),
    ],
  },
].map((t) => ({ ...t, outcome: { success: true } }));

/** The attack of issue 12, finding 3: a task that is a list of common task words. */
const STUFFED = {
  id: 't-stuffed',
  task: 'put clean hot cool heat examine look desklamp two countertop fridge cabinet drawer microwave sinkbasin toilet apple egg tomato pencil',
  steps: [step('go to cabinet 1')],
  outcome: { success: true },
};

/** Six varied queries, one per task type. */
const QUERIES = [
  'put a spraybottle in cabinet',
  'put a clean mug in cabinet',
  'heat some potato and put it in fridge',
  'cool a apple and put it in countertop',
  'examine the book with the desklamp',
  'put two cd in drawer',
];

describe('poisoning: keyword stuffing (issue 12, finding 3)', () => {
  for (const retrieve of ['query', 'avefact'] as const) {
    it(`a stuffed memory is top-1 for at most 1 of 6 queries under ${retrieve}`, async () => {
      const memp = engine({ retrieve });
      for (const t of GENUINE) await memp.learn({ trajectory: t });
      const { created } = await memp.learn({ trajectory: STUFFED });
      let wins = 0;
      for (const task of QUERIES) {
        const [top] = await memp.retrieve({ task, k: 1 });
        if (top?.memory.id === created) wins += 1;
      }
      expect(wins).toBeLessThanOrEqual(1);
    });
  }

  it('does not store more keywords per memory than the cap', async () => {
    const memp = engine();
    const { created } = await memp.learn({ trajectory: STUFFED });
    const memory = await memp.show({ id: created as string });
    expect(memory.memory.keywords.length).toBeLessThanOrEqual(12);
  });
});

describe('poisoning: scaled imported vectors (issue 12, finding 1)', () => {
  it('normalises imported vectors: scores stay cosines and the scaled memory does not take over', async () => {
    const source = engine();
    for (const t of GENUINE) await source.learn({ trajectory: t });
    const lines: string[] = [];
    await source.exportTo({ embeddings: true, write: (line) => void lines.push(line) });
    // Scale the vectors of the first memory by 1e6.
    const poisoned = lines.map((line, i) => {
      if (i !== 1) return line;
      const value = JSON.parse(line) as { vectors: { task: number[]; keywords: number[][] } };
      value.vectors.task = value.vectors.task.map((x) => x * 1e6);
      value.vectors.keywords = value.vectors.keywords.map((k) => k.map((x) => x * 1e6));
      return JSON.stringify(value);
    });
    const scaledId = (JSON.parse(poisoned[1] as string) as { memory: { id: string } }).memory.id;
    for (const retrieve of ['query', 'avefact'] as const) {
      const target = engine({ retrieve });
      await target.importFrom({ lines: poisoned });
      const sea = await target.retrieve({ task: 'write a poem about the sea', k: 6 });
      for (const r of sea) expect(Math.abs(r.score)).toBeLessThanOrEqual(1 + 1e-6);
      expect(await target.retrieve({ task: 'write a poem about the sea', minScore: 0.9 })).toEqual([]);
      let wins = 0;
      for (const task of QUERIES) {
        const [top] = await target.retrieve({ task, k: 1 });
        expect(top?.score ?? 0).toBeLessThanOrEqual(1 + 1e-6);
        if (top?.memory.id === scaledId) wins += 1;
      }
      expect(wins).toBeLessThanOrEqual(2);
    }
  });

  it('refuses imported vectors of the wrong dimension, naming the line', async () => {
    const source = engine();
    await source.learn({ trajectory: GENUINE[0] as (typeof GENUINE)[number] });
    const lines: string[] = [];
    await source.exportTo({ embeddings: true, write: (line) => void lines.push(line) });
    const value = JSON.parse(lines[1] as string) as { vectors: { task: number[] } };
    value.vectors.task = value.vectors.task.slice(0, 10);
    const target = engine();
    const error = await target
      .importFrom({ lines: [lines[0] as string, JSON.stringify(value), ...lines.slice(2)] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { line: 2 } });
    expect(await target.list()).toEqual([]);
  });
});
