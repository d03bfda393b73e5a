import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries, type TravelQuery } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { evaluatePlan } from '../evaluation/evaluate-plan.js';
import { readLearnedLines } from './learned-lines.js';
import { type LearnedMemory, planTripFromLearning } from './learned-plan-trip.js';
import { describeObservedPlan } from './observe-plan.js';
import { RULE_LINES, readProcedure } from './plan-procedure.js';
import { planTrip } from './plan-trip.js';
import { readReferenceView } from './reference-view.js';

const dir = resolveTravelplannerData();
const db = loadTravelDatabase({ dir });
const queries = loadTravelQueries({ dir });
const viewOf = (q: TravelQuery) => readReferenceView({ entries: q.referenceInformation, db });
const linesOf = (q: TravelQuery) =>
  describeObservedPlan({ query: q, plan: q.goldPlan, view: viewOf(q) }).map((s) => s.action);
const memoryOf = (q: TravelQuery): LearnedMemory => {
  const lines = linesOf(q);
  return { procedure: readProcedure(lines), learned: readLearnedLines(lines) };
};
const q45 = queries[44] as TravelQuery;

describe('TravelPlanner learning planner (no constraint semantics)', () => {
  it("describes a gold plan by relations observed on it, never with the rule-informed planner's detectors", () => {
    const lines = linesOf(q45);
    expect(lines).toContain('when house rule is "pets" every accommodation "house_rules" lacks "pets"');
    expect(lines).toContain('when cuisine is "Chinese" some restaurant "Cuisines" has "chinese"');
    expect(lines).toContain('every accommodation "minimum nights" <= nights');
    expect(lines).toContain(RULE_LINES.distinctRestaurants);
    expect(lines).not.toContain(RULE_LINES.minimumNights);
    expect(lines).not.toContain(RULE_LINES.budget);
    for (const line of lines) expect(line).not.toMatch(/avoid house rules|include a restaurant serving|travel by "/);
    // a relation that every candidate shares says nothing: no leg mode has the word "no" of "no flight"
    expect(lines.filter((l) => l.includes('"no"'))).toEqual([]);
  });

  it('reads its lines back from a memory (relations, stay bounds, picks)', () => {
    const m = memoryOf(q45);
    expect(m.learned.relations).toContainEqual({
      constraint: 'house rule',
      value: 'pets',
      quantifier: 'every',
      entity: 'accommodation',
      field: 'house_rules',
      relation: 'lacks',
      token: 'pets',
    });
    expect(m.learned.stayBounds).toContainEqual({ field: 'minimum nights', bound: '<=', against: 'nights' });
    expect(m.learned.picks.length).toBeGreaterThan(10);
  });

  it('without memory it knows no constraint: the same naive plan as the rule-informed planner without memory', () => {
    for (const q of queries.slice(0, 15)) {
      const view = viewOf(q);
      expect(planTripFromLearning({ query: q, view, memories: [] }).plan).toEqual(
        planTrip({ query: q, view, procedures: [] }).plan,
      );
    }
  });

  it("a relation learned on one value of a constraint answers the query's other value", () => {
    const roomRule = (q: TravelQuery, plan: ReturnType<typeof planTrip>['plan']) =>
      evaluatePlan({ query: q, plan, db }).hard?.valid_room_rule.pass;
    const failing = queries.filter(
      (q) =>
        q.local_constraint['house rule'] !== null &&
        roomRule(q, planTripFromLearning({ query: q, view: viewOf(q), memories: [] }).plan) === false,
    );
    expect(failing.length).toBeGreaterThan(0);
    let carried = 0;
    for (const target of failing) {
      const teacher = queries.find(
        (q) =>
          q.local_constraint['house rule'] !== null &&
          q.local_constraint['house rule'] !== target.local_constraint['house rule'] &&
          memoryOf(q).learned.relations.some((r) => r.constraint === 'house rule' && r.token === r.value),
      );
      if (!teacher) continue;
      const guided = planTripFromLearning({ query: target, view: viewOf(target), memories: [memoryOf(teacher)] });
      expect(roomRule(target, guided.plan)).toBe(true);
      carried += 1;
    }
    expect(carried).toBeGreaterThan(0);
  });

  it('a stay bound applies only when most retrieved memories show it', () => {
    const bound = { field: 'maximum occupancy', bound: '>=' as const, against: 'people' as const };
    const stayRows = (q: TravelQuery, plan: ReturnType<typeof planTrip>['plan']) => {
      const all = [...viewOf(q).accommodations.values()].flat();
      return plan
        .map((d) => d['accommodation'])
        .filter((a): a is string => typeof a === 'string' && a !== '-')
        .map((s) => all.find((r) => r['NAME'] === s.slice(0, s.lastIndexOf(','))));
    };
    const holds = (q: TravelQuery, plan: ReturnType<typeof planTrip>['plan']) =>
      stayRows(q, plan).every((r) => Number(r?.['maximum occupancy']) >= q.people_number);
    // a query whose naive stays are too small for the party
    const q = queries.find((x) => !holds(x, planTripFromLearning({ query: x, view: viewOf(x), memories: [] }).plan));
    if (!q) throw new Error('no query with stays too small for its party');
    // memories that say nothing else, so that only the bound can change the plan
    const none: LearnedMemory = { procedure: readProcedure([]), learned: readLearnedLines([]) };
    const sized: LearnedMemory = {
      ...none,
      learned: readLearnedLines(['every accommodation "maximum occupancy" >= people']),
    };
    expect(sized.learned.stayBounds).toEqual([bound]);
    const view = viewOf(q);
    const without = planTripFromLearning({ query: q, view, memories: [none, none, none] }).plan;
    expect(holds(q, without)).toBe(false);
    expect(planTripFromLearning({ query: q, view, memories: [sized, none, none] }).plan).toEqual(without);
    expect(holds(q, planTripFromLearning({ query: q, view, memories: [sized, sized, none] }).plan)).toBe(true);
  });

  it("the planners never import the evaluator's code", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(here, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(10);
    for (const f of sources) expect(readFileSync(join(here, f), 'utf8'), f).not.toMatch(/from '[^']*evaluation\//);
  });
});
