import type { Cell } from '../database/data-table.js';
import type { PlanDay } from '../database/travel-query.js';
import type { ConstraintVerdict, HardKey } from './constraint-names.js';
import { daysRead, type EvaluationContext } from './evaluation-context.js';
import { OfficialCrash, pyKey, pyText, pyTruthy } from './official-crash.js';
import { planText } from './plan-text.js';
import { sandboxCost } from './sandbox-cost.js';

type Check = (ctx: EvaluationContext) => ConstraintVerdict;
const ok: ConstraintVerdict = { pass: true };
const notApplicable: ConstraintVerdict = { pass: null };
const MEALS = ['breakfast', 'lunch', 'dinner'] as const;

/** `unit[key]` when it is filled (truthy and not `-`); a missing key raises, as in the official code. */
function filledText(unit: PlanDay, key: string, dayNumber: number): string | undefined {
  const value = pyKey(unit, key, dayNumber);
  return pyTruthy(value) && value !== '-' ? pyText(value, `day ${dayNumber} ${key}`) : undefined;
}

function firstAccommodation(ctx: EvaluationContext, text: string): Record<string, Cell> | undefined {
  const [name, city] = planText.nameCity(text);
  return ctx.db.match('accommodations', name, city)[0];
}

/** The plan's total cost as the official `get_total_cost` adds it (attractions are free). */
export function totalCost(ctx: EvaluationContext): number {
  const people = ctx.query.people_number;
  let total = 0;
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = ctx.plan[i] as PlanDay;
    const value = filledText(unit, 'transportation', i + 1);
    if (value !== undefined) {
      const pair = planText.fromTo(value) ?? planText.fromTo(pyText(unit['current_city'], `day ${i + 1} current_city`));
      const lower = value.toLowerCase();
      if (pair && lower.includes('flight number')) {
        const number = (value.split('Flight Number: ')[1] ?? '').split(',')[0] as string;
        const flight = ctx.db.flightsByNumber(number)[0];
        if (flight) total += Number(flight['Price']) * people;
      } else if (pair && (lower.includes('self-driving') || lower.includes('taxi'))) {
        const selfDriving = lower.includes('self-driving');
        const cost = sandboxCost({
          db: ctx.db,
          origin: pair[0],
          destination: pair[1],
          mode: selfDriving ? 'self-driving' : 'taxi',
        });
        if (cost === undefined) throw new OfficialCrash(`day ${i + 1}: no cost for "${value}" (None * int)`);
        total += cost * Math.ceil(people / (selfDriving ? 5 : 4));
      }
    }
    for (const meal of MEALS) {
      const text = filledText(unit, meal, i + 1);
      if (text === undefined) continue;
      const [name, city] = planText.nameCity(text);
      const row = ctx.db.match('restaurants', name, city)[0];
      if (row) total += Number(row['Average Cost']) * people;
    }
    const stay = filledText(unit, 'accommodation', i + 1);
    if (stay !== undefined) {
      const row = firstAccommodation(ctx, stay);
      if (row) total += Number(row['price']) * Math.ceil(people / Number(row['maximum occupancy']));
    }
  }
  return total;
}

const budget: Check = (ctx) => {
  const cost = totalCost(ctx);
  return cost <= ctx.query.budget
    ? ok
    : { pass: false, message: `The total cost ${cost} exceeds the budget ${ctx.query.budget}.` };
};

const HOUSE_RULES: Record<string, string> = {
  smoking: 'No smoking',
  parties: 'No parties',
  'children under 10': 'No children under 10',
  visitors: 'No visitors',
  pets: 'No pets',
};

const roomRule: Check = (ctx) => {
  const rule = ctx.query.local_constraint['house rule'];
  if (rule === null) return notApplicable;
  for (let i = 0; i < daysRead(ctx); i++) {
    const stay = filledText(ctx.plan[i] as PlanDay, 'accommodation', i + 1);
    const row = stay === undefined ? undefined : firstAccommodation(ctx, stay);
    const forbidden = HOUSE_RULES[rule];
    if (row && forbidden !== undefined && String(row['house_rules']).includes(forbidden))
      return { pass: false, message: `The house rule should be ${rule}.` };
  }
  return ok;
};

const cuisine: Check = (ctx) => {
  const wanted = ctx.query.local_constraint.cuisine;
  if (!wanted || wanted.length === 0) return notApplicable;
  const found = new Set<string>();
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = ctx.plan[i] as PlanDay;
    for (const meal of MEALS) {
      const text = filledText(unit, meal, i + 1);
      if (text === undefined) continue;
      const [name, city] = planText.nameCity(text);
      // Official quirk: `continue` in the day loop skips the rest of that day's meals.
      if (city === ctx.query.org) {
        if (ctx.strict) break;
        continue;
      }
      const row = ctx.db.match('restaurants', name, city)[0];
      if (!row) continue;
      for (const c of wanted) if (String(row['Cuisines']).includes(c)) found.add(c);
    }
  }
  if (found.size === wanted.length) return ok;
  const missing = wanted.find((c) => !found.has(c));
  if (missing === undefined)
    throw new OfficialCrash('the cuisine list repeats a cuisine: the official check returns None');
  return { pass: false, message: `The cuisine ${missing} is not satisfied.` };
};

const transportation: Check = (ctx) => {
  const rule = ctx.query.local_constraint.transportation;
  if (rule === null) return notApplicable;
  for (let i = 0; i < daysRead(ctx); i++) {
    const value = filledText(ctx.plan[i] as PlanDay, 'transportation', i + 1);
    if (value === undefined) continue;
    if (
      (rule === 'no flight' && value.includes('Flight')) ||
      (rule === 'no self-driving' && value.includes('Self-driving'))
    ) {
      return { pass: false, message: `The transportation should not be ${rule}.` };
    }
  }
  return ok;
};

const ROOM_TYPES: Record<string, (type: string) => boolean> = {
  'not shared room': (t) => t !== 'Shared room',
  'shared room': (t) => t === 'Shared room',
  'private room': (t) => t === 'Private room',
  'entire room': (t) => t === 'Entire home/apt',
};

const roomType: Check = (ctx) => {
  const rule = ctx.query.local_constraint['room type'];
  if (rule === null) return notApplicable;
  for (let i = 0; i < daysRead(ctx); i++) {
    const stay = filledText(ctx.plan[i] as PlanDay, 'accommodation', i + 1);
    const row = stay === undefined ? undefined : firstAccommodation(ctx, stay);
    const allowed = ROOM_TYPES[rule];
    if (row && allowed && !allowed(String(row['room type'])))
      return { pass: false, message: `The room type should be ${rule}.` };
  }
  return ok;
};

/** The hard checks in the order the official `evaluation()` runs them. */
export const HARD_CHECKS: ReadonlyArray<[HardKey, Check]> = [
  ['valid_cuisine', cuisine],
  ['valid_room_rule', roomRule],
  ['valid_transportation', transportation],
  ['valid_room_type', roomType],
  ['valid_cost', budget],
];
