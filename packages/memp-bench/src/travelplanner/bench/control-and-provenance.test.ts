import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries, type TravelQuery } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { goldTrajectory } from '../memory/gold-trajectory.js';
import { runTravelplannerBench } from './run-travelplanner-bench.js';
import { travelGridPlans } from './travel-grid-plans.js';
import { isUnlikeQuery } from './unlike-query-control.js';

const data = resolveTravelplannerData();
const db = loadTravelDatabase({ dir: data });
const queries = loadTravelQueries({ dir: data });
const byText = new Map(queries.map((q) => [q.query, q]));
const tmp = mkdtempSync(join(tmpdir(), 'memp-tp-control-'));

describe('TravelPlanner control row and memory provenance', () => {
  it('unlike queries: other trip length, none of its cities, no constraint value in common', () => {
    const q = queries[0] as TravelQuery;
    expect(isUnlikeQuery(q, q)).toBe(false);
    const unlike = queries.filter((x) => isUnlikeQuery(q, x));
    expect(unlike.length).toBeGreaterThan(3);
    for (const x of unlike) {
      expect(x.days).not.toBe(q.days);
      expect([x.org, x.dest]).not.toContain(q.org);
      expect([x.org, x.dest]).not.toContain(q.dest);
    }
    const sameCuisine = { ...q, days: q.days + 2, org: 'Nowhere', dest: 'Elsewhere' };
    const withCuisine = { ...sameCuisine, local_constraint: { ...q.local_constraint, cuisine: ['Chinese'] } };
    expect(
      isUnlikeQuery({ ...q, local_constraint: { ...q.local_constraint, cuisine: ['chinese'] } }, withCuisine),
    ).toBe(false);
  });

  it('the control row retrieves k memories, every one built from a query unlike the evaluated one', async () => {
    const { summary, episodes } = await runTravelplannerBench({
      data,
      memoryFrom: 'gold',
      control: 'unlike-query',
      limit: 12,
    });
    expect(summary.config['control']).toBe('unlike-query');
    expect(episodes).toHaveLength(12);
    for (const e of episodes) {
      const q = queries.find((x) => x.idx === e.idx) as TravelQuery;
      expect(e.retrieved.length).toBeGreaterThan(0);
      expect(e.retrieved.length).toBeLessThanOrEqual(3);
      for (const r of e.retrieved) expect(isUnlikeQuery(q, byText.get(r.task) as TravelQuery)).toBe(true);
    }
    await expect(runTravelplannerBench({ data, control: 'unlike-query', limit: 1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('the grid has the no-memory, control, policy, online and rule-informed rows', () => {
    const plans = travelGridPlans({
      base: { agent: 'offline' },
      builds: ['proceduralization'],
      retrieves: ['random', 'query'],
      updates: ['adjustment'],
      baseline: true,
    });
    expect(plans).toEqual([
      {},
      { memoryFrom: 'gold', control: 'unlike-query', build: 'proceduralization' },
      { memoryFrom: 'gold', build: 'proceduralization', retrieve: 'random' },
      { memoryFrom: 'gold', build: 'proceduralization', retrieve: 'query' },
      { memoryFrom: 'gold', update: 'adjustment', build: 'proceduralization', retrieve: 'query' },
      { agent: 'rule-informed', memoryFrom: 'gold', build: 'proceduralization', retrieve: 'query' },
      { agent: 'rule-informed', memoryFrom: 'gold', control: 'unlike-query', build: 'proceduralization' },
    ]);
    expect(
      travelGridPlans({
        base: { agent: 'llm' },
        builds: ['proceduralization'],
        retrieves: ['query'],
        updates: [],
        baseline: false,
        control: false,
      }),
    ).toEqual([{ memoryFrom: 'gold', build: 'proceduralization', retrieve: 'query' }]);
  });

  it('--memory-from FILE built from the evaluated split is refused; a file from elsewhere loads and says so', async () => {
    const gold = queries.slice(0, 3).map((q) => goldTrajectory({ query: q, db }));
    expect(gold[0]?.meta).toMatchObject({ split: 'train', idx: queries[0]?.idx });
    const fromTrain = join(tmp, 'train.jsonl');
    writeFileSync(fromTrain, gold.map((t) => JSON.stringify(t)).join('\n'));
    await expect(runTravelplannerBench({ data, memoryFrom: fromTrain, limit: 1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/train\.jsonl line 1: .*split train/),
    });
    const elsewhere = join(tmp, 'elsewhere.jsonl');
    writeFileSync(
      elsewhere,
      [
        { ...gold[0], id: 'v-1', meta: { split: 'validation', idx: 900 } },
        { ...gold[1], id: 'v-2', meta: undefined },
      ]
        .map((t) => JSON.stringify(t))
        .join('\n'),
    );
    const { summary } = await runTravelplannerBench({ data, memoryFrom: elsewhere, limit: 1 });
    expect(summary.config['memoryFile']).toEqual({ trajectories: 2, unknownOrigin: 1 });
    expect(summary.notes.join(' ')).toMatch(/1 of 2 record no origin/);
  });
});
