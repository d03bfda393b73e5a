import { describe, expect, it } from 'vitest';
import { tinyPlan, tinyQuery, writeTinyTravelData } from '../../testing/travelplanner/tiny-travel-data.js';
import { loadTravelDatabase } from '../database/travel-database.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { COMMONSENSE_CONSTRAINTS, HARD_CONSTRAINTS } from './constraint-names.js';
import { evaluatePlan, type PlanEvaluation } from './evaluate-plan.js';

const db = loadTravelDatabase({ dir: writeTinyTravelData() });

function failing(e: PlanEvaluation): { commonsense: string[]; hard: string[] | null } {
  return {
    commonsense: Object.entries(e.commonsense ?? {})
      .filter(([, v]) => v.pass === false)
      .map(([k]) => COMMONSENSE_CONSTRAINTS[k as keyof typeof COMMONSENSE_CONSTRAINTS]),
    hard:
      e.hard === null
        ? null
        : Object.entries(e.hard)
            .filter(([, v]) => v.pass === false)
            .map(([k]) => HARD_CONSTRAINTS[k as keyof typeof HARD_CONSTRAINTS]),
  };
}

function withDay(plan: PlanDay[], i: number, patch: PlanDay): PlanDay[] {
  return plan.map((d, j) => (j === i ? { ...d, ...patch } : d));
}

function evaluate(plan: PlanDay[], query: TravelQuery = tinyQuery()) {
  return evaluatePlan({ query, plan, db });
}

describe('TravelPlanner constraints on a hand-made plan', () => {
  it('the base plan passes all 8 commonsense and all 5 hard constraints', () => {
    const e = evaluate(tinyPlan());
    expect(failing(e)).toEqual({ commonsense: [], hard: [] });
    expect(Object.values(e.hard ?? {}).every((v) => v.pass === true)).toBe(true);
    expect(e.finalPass).toBe(true);
  });

  const flightDay = (_i: number, n: string, from: string, to: string) => ({
    transportation: `Flight Number: ${n}, from ${from} to ${to}, Departure Time: 08:00, Arrival Time: 11:00`,
  });
  const commonsenseCases: Array<[string, () => { plan: PlanDay[]; query?: TravelQuery }]> = [
    ['Within Sandbox', () => ({ plan: withDay(tinyPlan(), 1, { lunch: 'Ghost Diner, Austin' }) })],
    ['Within Current City', () => ({ plan: withDay(tinyPlan(), 0, { dinner: 'Noodle House, Dallas' }) })],
    [
      'Reasonable City Route',
      () => ({
        query: tinyQuery({ org: 'Springfield' }),
        plan: tinyPlan().map((d) =>
          Object.fromEntries(
            Object.entries(d).map(([k, v]) => [
              k,
              typeof v === 'string'
                ? v.replace('Boston', 'Springfield').replace(/3,0\d0 km, cost: 150/, '1,500 km, cost: 75')
                : v,
            ]),
          ),
        ),
      }),
    ],
    ['Diverse Restaurants', () => ({ plan: withDay(tinyPlan(), 1, { dinner: 'BBQ Barn, Austin' }) })],
    [
      'Non-conf. Transportation',
      () => ({
        query: tinyQuery({ budget: 10_000 }),
        plan: withDay(tinyPlan(), 2, {
          transportation: 'Taxi, from Austin to Boston, duration: 30 hours 10 mins, distance: 3,010 km, cost: 3010',
        }),
      }),
    ],
    ['Diverse Attractions', () => ({ plan: withDay(tinyPlan(), 2, { attraction: 'State Capitol, Austin;' }) })],
    ['Minimum Nights Stay', () => ({ plan: withDay(tinyPlan(), 1, { accommodation: 'Sunny Room, Austin' }) })],
    ['Complete Information', () => ({ plan: withDay(tinyPlan(), 1, { attraction: '-' }) })],
  ];
  it.each(commonsenseCases)('a plan breaking only %s fails only it', (name, make) => {
    const { plan, query } = make();
    const f = failing(evaluate(plan, query));
    expect(f.commonsense).toEqual([name]);
    // Hard constraints are checked only when Complete Information and Within Sandbox pass (official rule).
    if (name === 'Within Sandbox' || name === 'Complete Information') expect(f.hard).toBeNull();
    else expect(f.hard).toEqual([]);
  });

  const hardCases: Array<[string, () => PlanDay[]]> = [
    [
      'Budget',
      () =>
        withDay(withDay(tinyPlan(), 0, { accommodation: 'Grand Villa, Austin' }), 1, {
          accommodation: 'Grand Villa, Austin',
        }),
    ],
    [
      'Room Rule',
      () =>
        withDay(withDay(tinyPlan(), 0, { accommodation: 'Party House, Austin' }), 1, {
          accommodation: 'Party House, Austin',
        }),
    ],
    ['Cuisine', () => withDay(tinyPlan(), 0, { lunch: 'Curry Corner, Austin' })],
    [
      'Room Type',
      () =>
        withDay(withDay(tinyPlan(), 0, { accommodation: 'Private Nook, Austin' }), 1, {
          accommodation: 'Private Nook, Austin',
        }),
    ],
    [
      'Transportation',
      () =>
        withDay(
          withDay(tinyPlan(), 0, flightDay(0, 'F001', 'Boston', 'Austin')),
          2,
          flightDay(2, 'F002', 'Austin', 'Boston'),
        ),
    ],
  ];
  it.each(hardCases)('a plan breaking only %s fails only it', (name, make) => {
    const f = failing(evaluate(make()));
    expect(f).toEqual({ commonsense: [], hard: [name] });
  });

  it('reproduces the official quirks', () => {
    // Day without travel: the city is compared character by character, so a meal in another city passes.
    expect(failing(evaluate(withDay(tinyPlan(), 1, { lunch: 'Noodle House, Dallas' }))).commonsense).toEqual([]);
    // Non-strict mode compares the whole city name.
    const nonStrict = evaluatePlan({
      query: tinyQuery(),
      plan: withDay(tinyPlan(), 1, { lunch: 'Noodle House, Dallas' }),
      db,
      strict: false,
    });
    expect(failing(nonStrict).commonsense).toEqual(['Within Current City']);
    // The last attraction item without ";" is never checked.
    expect(
      failing(evaluate(withDay(tinyPlan(), 2, { attraction: 'Museum of Art, Austin;Nowhere Hall, Austin' })))
        .commonsense,
    ).toEqual([]);
    // "Name, City; Cost: 14" puts "City; Cost: 14" in the city: not in the sandbox.
    expect(failing(evaluate(withDay(tinyPlan(), 1, { lunch: 'Noodle House, Austin; Cost: 15' }))).commonsense).toEqual([
      'Within Sandbox',
    ]);
    // A name is a literal, case-sensitive substring: "Noodle" matches "Noodle House", "noodle" does not.
    expect(failing(evaluate(withDay(tinyPlan(), 1, { lunch: 'Noodle, Austin' }))).commonsense).toEqual([]);
    expect(failing(evaluate(withDay(tinyPlan(), 1, { lunch: 'noodle, Austin' }))).commonsense).toEqual([
      'Within Sandbox',
    ]);
    // Cuisine: a meal in the origin city skips the rest of that day's meals (Taco Place is then never counted).
    const origin = withDay(tinyPlan(), 0, { breakfast: 'Harbor Grill, Boston' });
    expect(failing(evaluate(origin))).toEqual({ commonsense: [], hard: ['Cuisine'] });
    expect(failing(evaluatePlan({ query: tinyQuery(), plan: origin, db, strict: false }))).toEqual({
      commonsense: [],
      hard: [],
    });
  });

  it('records where the official evaluator would raise and counts that constraint as failed', () => {
    const plan = withDay(tinyPlan(), 0, { transportation: 'flight number F001 from Boston to Austin' });
    const e = evaluate(plan);
    expect(e.commonsense?.is_valid_information_in_sandbox.pass).toBe(false);
    expect(e.commonsense?.is_valid_information_in_sandbox.crash).toBeDefined();
    expect(e.crashes.length).toBe(1);
  });

  it('a missing or empty plan is not delivered', () => {
    expect(evaluatePlan({ query: tinyQuery(), plan: null, db }).delivered).toBe(false);
    expect(evaluatePlan({ query: tinyQuery(), plan: [], db }).delivered).toBe(false);
  });
});
