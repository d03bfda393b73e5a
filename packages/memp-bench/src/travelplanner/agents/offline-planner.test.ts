import { describe, expect, it } from 'vitest';
import { isMempError } from 'memp';
import { createOfflineScriptWriter } from 'memp';
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { evaluatePlan } from '../evaluation/evaluate-plan.js';
import { goldTrajectory } from '../memory/gold-trajectory.js';
import { kFoldSplit } from '../memory/k-fold-split.js';
import { createTravelAdjuster } from '../memory/travel-adjuster.js';
import { describePlan } from './describe-plan.js';
import { readProcedure } from './plan-procedure.js';
import { planTrip } from './plan-trip.js';
import { readReferenceView } from './reference-view.js';

const dir = resolveTravelplannerData();
const db = loadTravelDatabase({ dir });
const queries = loadTravelQueries({ dir });
const q45 = queries[44];
if (!q45) throw new Error('no query 45');

describe('TravelPlanner offline planner and memory', () => {
  it('k-fold: disjoint folds covering every query, seeded; bad fold counts are INVALID_ARGUMENT', () => {
    const folds = kFoldSplit({ ids: queries.map((q) => q.idx), folds: 5, seed: 1 });
    expect(folds.map((f) => f.length)).toEqual([9, 9, 9, 9, 9]);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(queries.map((q) => q.idx));
    expect(kFoldSplit({ ids: queries.map((q) => q.idx), folds: 5, seed: 1 })).toEqual(folds);
    expect(kFoldSplit({ ids: queries.map((q) => q.idx), folds: 5, seed: 2 })).not.toEqual(folds);
    for (const bad of [1, 46, 2.5]) {
      try {
        kFoldSplit({ ids: [1, 2, 3], folds: bad, seed: 1 });
        expect.unreachable();
      } catch (e) {
        expect(isMempError(e, 'INVALID_ARGUMENT')).toBe(true);
      }
    }
  });

  it('a gold plan described in the plan grammar reads back as its structure, rules and constraint answers', () => {
    const view = readReferenceView({ entries: q45.referenceInformation, db });
    const p = readProcedure(describePlan({ query: q45, plan: q45.goldPlan, view }).map((s) => s.action));
    expect(p).toMatchObject({ days: 7, cities: 3 });
    expect(p.legs).toEqual([1, 3, 5, 7].map((day) => ({ day, mode: 'Self-driving' })));
    expect([...p.rules].sort()).toEqual(['budget', 'distinctAttractions', 'distinctRestaurants', 'minimumNights']);
    expect(p.transport.get('no flight')).toEqual(['Self-driving']);
    expect([...p.cuisines].sort()).toEqual(['american', 'chinese', 'italian', 'mediterranean']);
    expect(p.fills.get(1)?.slots.map((s) => s.slot)).toEqual(['dinner', 'accommodation']);
  });

  it('the offline script distiller keeps the grammar: a Script memory reads back as the same procedure', async () => {
    const trajectory = goldTrajectory({ query: q45, db });
    const script = await createOfflineScriptWriter().write({
      trajectory: {
        ...trajectory,
        namespace: 'default',
        outcome: { ...trajectory.outcome, steps: trajectory.steps.length },
      },
    });
    const fromScript = readProcedure(script.split('\n'));
    const fromSteps = readProcedure(trajectory.steps.map((s) => s.action));
    expect(fromScript.legs).toEqual(fromSteps.legs);
    expect([...fromScript.rules]).toEqual([...fromSteps.rules]);
    expect(fromScript.fills).toEqual(fromSteps.fills);
  });

  it('without memory the naive default fails; memory of another query of the same shape, re-bound, passes', () => {
    const view = readReferenceView({ entries: q45.referenceInformation, db });
    const naive = planTrip({ query: q45, view, procedures: [] });
    expect(naive.structureFrom).toBeUndefined();
    expect(evaluatePlan({ query: q45, plan: naive.plan, db }).finalPass).toBe(false);
    // query 44: another 7-day, 3-city, no-flight trip (Moline → Texas); its gold plan guides query 45 (Minneapolis → Ohio)
    const other = queries[43];
    if (!other) throw new Error('no query 44');
    const memory = readProcedure(
      describePlan({
        query: other,
        plan: other.goldPlan,
        view: readReferenceView({ entries: other.referenceInformation, db }),
      }).map((s) => s.action),
    );
    const guided = planTrip({ query: q45, view, procedures: [memory] });
    expect(guided.structureFrom).toBe(0);
    expect(guided.plan.map((d) => d['current_city'])).toEqual([
      'from Minneapolis to Toledo',
      'Toledo',
      'from Toledo to Cleveland',
      'Cleveland',
      'from Cleveland to Dayton',
      'Dayton',
      'from Dayton to Minneapolis',
    ]);
    const verdict = evaluatePlan({ query: q45, plan: guided.plan, db });
    expect(verdict.commonsense && Object.values(verdict.commonsense).every((v) => v.pass !== false)).toBe(true);
  });

  it('Adjustment records the failed constraints on a used memory as a Caution line', async () => {
    const writer = createOfflineScriptWriter();
    const gold = goldTrajectory({ query: q45, db });
    const memory = {
      id: 'm1',
      namespace: 'default',
      task: gold.task,
      keywords: [],
      kind: 'proceduralization' as const,
      steps: gold.steps,
      script: 'route A / B / A',
      status: 'active' as const,
      stats: { retrieved: 1, succeeded: 0, failed: 1 },
      provenance: { builtBy: 'offline', from: ['gold-045'], embedder: 'x' },
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const failed = {
      ...gold,
      namespace: 'default',
      id: 'ep-1',
      outcome: { success: false, steps: 1 },
      steps: [{ action: 'submit plan', observation: 'Error: fails' }],
      meta: { failedConstraints: ['Budget', 'Minimum Nights Stay'] },
    };
    const adjustment = await createTravelAdjuster({ writer }).adjust({ memory, trajectory: failed });
    expect(adjustment?.content.script).toContain(
      'Caution: a plan following this procedure failed: Budget, Minimum Nights Stay.',
    );
    expect(adjustment?.content.meta?.['failures']).toEqual([
      { trajectory: 'ep-1', failedConstraints: ['Budget', 'Minimum Nights Stay'] },
    ]);
    expect(readProcedure((adjustment?.content.script ?? '').split('\n')).cautions).toHaveLength(1);
  });
});
