import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { createSolePlanningEnvironment } from '../environment/sole-planning-environment.js';
import { createTwoStageEnvironment } from '../environment/two-stage-environment.js';
import { evaluateSubmission } from '../evaluation/evaluate-submission.js';
import { renderFrame } from '../tools/pandas-frame.js';
import { TOOL_COLUMNS } from '../tools/travel-tools.js';
import { goldSubmission } from './gold-submission.js';

// Real data: <repo>/../shared/data/travelplanner (or $MEMP_TRAVELPLANNER_DATA).
const dir = resolveTravelplannerData();
const db = loadTravelDatabase({ dir });
const queries = loadTravelQueries({ dir });
const CLI = join(dirname(createRequire(import.meta.url).resolve('memp/package.json')), 'dist/cli/main.js');

describe('TravelPlanner on the real train data', () => {
  it('loads the official row counts', () => {
    expect(queries.length).toBe(45);
    expect(db.accommodations.rowsInFile).toBe(5047);
    expect(db.accommodations.rows.length).toBe(4285);
    expect(db.restaurants.rows.length).toBe(9551);
    expect(db.attractions.rows.length).toBe(5302);
    expect(db.flights.rows.length).toBe(313);
  });

  it('gold plans: 45/45 delivered and 100% on every metric', () => {
    const plans = goldSubmission(queries).map((l, i) => ({ line: i + 1, idx: l.idx, plan: l.plan }));
    const { scores } = evaluateSubmission({ db, queries, plans });
    expect(scores.delivered).toBe(45);
    expect([
      scores.deliveryRate,
      scores.commonsenseMicro,
      scores.commonsenseMacro,
      scores.hardMicro,
      scores.hardMacro,
      scores.finalPassRate,
    ]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(scores.counts.commonsenseChecks).toBe(360);
    expect(scores.counts.hardChecks).toBe(105); // the official train constant: 45 + 15 + 45
    expect(scores.crashes).toEqual([]);
  });

  it('the search tools print every table of the reference information byte for byte', () => {
    let compared = 0;
    for (const q of queries) {
      for (const entry of q.referenceInformation) {
        const m = /^(Attractions|Restaurants|Accommodations) in (.+)$/.exec(entry.description);
        if (!m) continue;
        const kind = (m[1] as string).toLowerCase() as 'attractions' | 'restaurants' | 'accommodations';
        const { rows, index } = db.inCity(kind, m[2] as string);
        const text = renderFrame({
          columns: TOOL_COLUMNS[kind],
          types: db[kind].types,
          rows,
          ...(kind === 'restaurants' ? { index } : {}),
        });
        expect(text).toBe(entry.content);
        compared += 1;
      }
    }
    expect(compared).toBe(270);
  });

  it('sole-planning: the gold plan succeeds; two-stage: tools, Planner, then the plan', async () => {
    const q = queries[0];
    if (!q) throw new Error('no query');
    const sole = createSolePlanningEnvironment({ db, queries });
    const reset = await sole.reset('1');
    expect(reset.observation).toContain('Reference information');
    const step = await sole.step(JSON.stringify(q.goldPlan));
    expect(step).toMatchObject({ done: true, success: true, reward: 1 });
    const two = createTwoStageEnvironment({ db, queries });
    await two.reset('1');
    const search = await two.step(`FlightSearch[${q.org}, ${q.dest}, ${q.date[0]}]`);
    expect(search.observation).toContain('F3573659');
    await two.step('NotebookWrite[Flights]');
    const planner = await two.step('Planner[plan it]');
    expect(planner.observation).toContain('F3573659');
    const bad = await two.step('no plan here');
    expect(bad).toMatchObject({ done: true, success: false });
    expect(two.verdict?.evaluation.delivered).toBe(false);
  });

  it('memp bench travelplanner evaluate: gold plans 100%; a bad plan file exits 2 naming file and line', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'memp-tp-cli-'));
    const plans = join(tmp, 'gold.jsonl');
    writeFileSync(
      plans,
      `${goldSubmission(queries)
        .map((l) => JSON.stringify(l))
        .join('\n')}\n`,
    );
    const out = join(tmp, 'out');
    const ok = spawnSync(
      'node',
      [CLI, 'bench', 'travelplanner', 'evaluate', '--plans', plans, '--data', dir, '--out', out],
      { encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({
      deliveryRate: 1,
      commonsenseMicro: 1,
      commonsenseMacro: 1,
      hardMicro: 1,
      hardMacro: 1,
      finalPassRate: 1,
    });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('uPlot');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Within Sandbox');
    const badFile = join(tmp, 'bad.jsonl');
    writeFileSync(badFile, '{"idx": 1, "plan": []}\n{"idx": 2, "plan": [1, 2]}\n');
    const bad = spawnSync('node', [CLI, 'bench', 'travelplanner', 'evaluate', '--plans', badFile, '--data', dir], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('INVALID_ARGUMENT');
    expect(bad.stderr).toContain('bad.jsonl:2');
  });
});
