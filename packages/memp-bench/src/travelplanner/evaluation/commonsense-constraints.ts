import type { PlanDay } from '../database/travel-query.js';
import type { CommonsenseKey, ConstraintVerdict } from './constraint-names.js';
import { attractionItems, daysRead, type EvaluationContext } from './evaluation-context.js';
import { OfficialCrash, pyKey, pyText, pyTruthy } from './official-crash.js';
import { planText } from './plan-text.js';
import { sandboxCost } from './sandbox-cost.js';

type Check = (ctx: EvaluationContext) => ConstraintVerdict;
const ok: ConstraintVerdict = { pass: true };
const fail = (message: string): ConstraintVerdict => ({ pass: false, message });
const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
const NOT_NEEDED = "You don't need to fill in the information for this or later days.";

function day(ctx: EvaluationContext, i: number): PlanDay {
  return ctx.plan[i] as PlanDay;
}

/** A value the official code treats as filled: present, truthy and not `-`. */
function filled(unit: PlanDay, key: string): boolean {
  return Object.hasOwn(unit, key) && pyTruthy(unit[key]) && unit[key] !== '-';
}

/** The cities of `current_city`: [A, B] on a travel day (`from` in it), else [city]. */
function cityStops(ctx: EvaluationContext, i: number): { travel: boolean; cities: string[] } {
  const value = pyText(pyKey(day(ctx, i), 'current_city', i + 1), `day ${i + 1} current_city`);
  if (value.includes('from')) {
    const pair = planText.fromTo(value);
    return { travel: true, cities: [planText.beforeParenthesis(pair?.[0]), planText.beforeParenthesis(pair?.[1])] };
  }
  return { travel: false, cities: [planText.beforeParenthesis(value)] };
}

/** A valid sequence: ≥ 3 entries, no city returns after its run ended (except first/last), no interior run of 1. */
function validSequence(list: string[]): boolean {
  if (list.length < 3) return false;
  const visited = new Set<string>();
  let i = 0;
  while (i < list.length) {
    const city = list[i] as string;
    if (visited.has(city) && i !== 0 && i !== list.length - 1) return false;
    let count = 0;
    while (i < list.length && list[i] === city) {
      count += 1;
      i += 1;
    }
    if (count === 1 && i - 1 > 0 && i - 1 < list.length - 1) return false;
    visited.add(city);
  }
  return true;
}

const reasonableCity: Check = (ctx) => {
  const list: string[] = [];
  for (let i = 0; i < daysRead(ctx); i++) {
    const stop = cityStops(ctx, i);
    if (stop.travel && i === 0 && stop.cities[0] !== ctx.query.org)
      return fail(`The first day's city should be ${ctx.query.org}.`);
    list.push(...stop.cities);
  }
  if (list.length === 0) throw new OfficialCrash('no city to check (list index out of range)');
  if (list[0] !== list[list.length - 1]) return fail('The trip should be a closed circle.');
  if (!validSequence(list)) return fail('The city sequence is invalid.');
  for (let idx = 0; idx < list.length; idx++) {
    const city = list[idx] as string;
    const state = ctx.db.cityState.get(city);
    if (state === undefined) return fail(`${city} is not a valid city.`);
    if (idx !== 0 && idx !== list.length - 1 && ctx.query.days > 3 && state !== ctx.query.dest)
      return fail(`${city} is not in ${ctx.query.dest}.`);
  }
  return ok;
};

const diverseRestaurants: Check = (ctx) => {
  const seen: unknown[] = [];
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    for (const meal of MEALS) {
      if (!filled(unit, meal)) continue;
      if (seen.includes(unit[meal])) return fail(`The restaurant in day ${i + 1} ${meal} is repeated.`);
      seen.push(unit[meal]);
    }
  }
  return ok;
};

const diverseAttractions: Check = (ctx) => {
  const seen = new Set<string>();
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    if (!filled(unit, 'attraction')) continue;
    for (const item of attractionItems(pyText(unit['attraction'], `day ${i + 1} attraction`), ctx.strict)) {
      if (seen.has(item)) return fail(`The attraction '${item}' in day ${i + 1} is repeated.`);
      seen.add(item);
    }
  }
  return ok;
};

const minimumNights: Check = (ctx) => {
  const values: unknown[] = [];
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    if (!Object.hasOwn(unit, 'accommodation')) return fail('No Accommodation Info.');
    values.push(unit['accommodation']);
  }
  const runs: Array<[unknown, number]> = [];
  for (const v of values) {
    const last = runs[runs.length - 1];
    if (last && last[0] === v) last[1] += 1;
    else runs.push([v, 1]);
  }
  for (const [value, nights] of runs) {
    if (value === '-' || value === '') continue;
    const [name, city] = planText.nameCity(pyText(value, 'an accommodation'));
    const rows = ctx.db.match('accommodations', name, city);
    if (rows.length === 1 && nights < Number(rows[0]?.['minimum nights']))
      return fail(`The accommodation ${String(value)} do not obey the minumum nights rule.`);
  }
  return ok;
};

function transportMode(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (lower.includes('taxi')) return 'Taxi';
  if (lower.includes('self-driving')) return 'Self-driving';
  if (lower.includes('flight')) return 'Flight';
  return undefined;
}

const nonConflictingTransport: Check = (ctx) => {
  const first = ctx.plan[0];
  if (!first) throw new OfficialCrash('the plan has no day 1');
  const t0 = pyKey(first, 'transportation', 1);
  if (!pyTruthy(t0) || t0 === '-') return fail('The transportation in day 1 should not be empty.');
  const modes = [transportMode(pyText(t0, 'day 1 transportation'))];
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    if (filled(unit, 'transportation'))
      modes.push(transportMode(pyText(unit['transportation'], `day ${i + 1} transportation`)));
  }
  if (
    (modes.includes('Self-driving') && modes.includes('Flight')) ||
    (modes.includes('Taxi') && modes.includes('Self-driving'))
  ) {
    return fail('The transportation is conflicting.');
  }
  return ok;
};

const withinCurrentCity: Check = (ctx) => {
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    const stop = cityStops(ctx, i);
    // Official quirk: on a day without travel the "list" is the city string, so its characters are compared.
    const cities = stop.travel || !ctx.strict ? stop.cities : Array.from(stop.cities[0] as string);
    const text = (key: string) => pyText(unit[key], `day ${i + 1} ${key}`);
    if (filled(unit, 'transportation') && cities.some((c) => !text('transportation').includes(c))) {
      return fail(`The transportation in day ${i + 1} is invalid city choice.`);
    }
    for (const meal of MEALS) {
      if (filled(unit, meal) && !cities.some((c) => text(meal).includes(c)))
        return fail(`The ${meal} in day ${i + 1} is invalid city choice.`);
    }
    if (filled(unit, 'attraction')) {
      for (const item of attractionItems(text('attraction'), ctx.strict)) {
        if (!cities.some((c) => item.includes(c)))
          return fail(`The attraction in day ${i + 1} is invalid city choice.`);
      }
    }
    if (filled(unit, 'accommodation')) {
      const last = cities[cities.length - 1];
      if (last === undefined) throw new OfficialCrash(`day ${i + 1}: empty current_city (string index out of range)`);
      if (!text('accommodation').includes(last))
        return fail(`The accommodation in day ${i + 1} is invalid city choice.`);
    }
  }
  return ok;
};

const withinSandbox: Check = (ctx) => {
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    const t = pyKey(unit, 'transportation', i + 1);
    if (pyTruthy(t) && t !== '-') {
      const value = pyText(t, `day ${i + 1} transportation`);
      const lower = value.toLowerCase();
      const pair = planText.fromTo(value) ?? planText.fromTo(pyText(unit['current_city'], `day ${i + 1} current_city`));
      if (lower.includes('flight number')) {
        const origin = planText.beforeParenthesis(pair?.[0]);
        const dest = planText.beforeParenthesis(pair?.[1]);
        const parts = value.split('Flight Number: ');
        if (parts.length < 2)
          throw new OfficialCrash(
            `day ${i + 1}: "Flight Number: " not found in the transportation (list index out of range)`,
          );
        const number = (parts[1] as string).split(',')[0] as string;
        const found = ctx.db
          .flightsByNumber(number)
          .some((r) => r['OriginCityName'] === origin && r['DestCityName'] === dest);
        if (!found) return fail(`The flight number in day ${i + 1} is invalid in the sandbox.`);
      } else if (lower.includes('self-driving') || lower.includes('taxi')) {
        const origin = pair ? planText.beforeParenthesis(pair[0]) : '-';
        const dest = pair ? planText.beforeParenthesis(pair[1]) : '-';
        const mode = lower.includes('self-driving') ? 'self-driving' : 'taxi';
        if (sandboxCost({ db: ctx.db, origin, destination: dest, mode }) === undefined)
          return fail(`The ${mode} in day ${i + 1} is invalid in the sandbox.`);
      }
    }
    for (const meal of MEALS) {
      if (!filled(unit, meal)) continue;
      const [name, city] = planText.nameCity(pyText(unit[meal], `day ${i + 1} ${meal}`));
      if (ctx.db.match('restaurants', name, city).length < 1)
        return fail(`The ${meal} in day ${i + 1} is invalid in the sandbox.`);
    }
    if (filled(unit, 'attraction')) {
      for (const item of attractionItems(pyText(unit['attraction'], `day ${i + 1} attraction`), ctx.strict)) {
        const [name, city] = planText.nameCity(item);
        if (ctx.db.match('attractions', name, city).length < 1)
          return fail(`The attraction ${item} in day ${i + 1} is invalid in the sandbox.`);
      }
    }
    if (filled(unit, 'accommodation')) {
      const [name, city] = planText.nameCity(pyText(unit['accommodation'], `day ${i + 1} accommodation`));
      if (ctx.db.match('accommodations', name, city).length < 1)
        return fail(`The accommodation in day ${i + 1} is invalid in the sandbox.`);
    }
  }
  return ok;
};

const EMPTY = (v: unknown) => v === '' || v === '-';

const completeInformation: Check = (ctx) => {
  const { query } = ctx;
  let present = 0;
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    if (Object.keys(unit).length > 0 && pyKey(unit, 'current_city', i + 1) !== NOT_NEEDED) present += 1;
  }
  if (present !== query.days) return fail('Invalid Days');
  const visited = new Set<string>();
  for (let i = 0; i < daysRead(ctx); i++) {
    const stop = cityStops(ctx, i);
    if (stop.travel && i === 0 && stop.cities[0] !== query.org) return fail('Invalid City Number');
    for (const c of stop.cities) visited.add(c);
  }
  visited.delete(query.org);
  if (visited.size !== query.visiting_city_number) return fail('Invalid City Number');
  let valid = 0;
  for (let i = 0; i < daysRead(ctx); i++) {
    const unit = day(ctx, i);
    for (const key of ['transportation', 'breakfast', 'lunch', 'dinner', 'attraction', 'accommodation']) {
      if (!Object.hasOwn(unit, key)) return fail(`No ${key[0]?.toUpperCase()}${key.slice(1)} Info.`);
    }
    const cc = pyText(unit['current_city'], `day ${i + 1} current_city`);
    if ((cc.includes('from ') || cc.includes('to ')) && EMPTY(unit['transportation']))
      return fail(`No transportation in day ${i + 1} is not allowed.`);
    if (!cc.includes('from ') && !cc.includes(' to ') && EMPTY(unit['attraction']))
      return fail(`No attaction in day ${i + 1} is not allowed.`);
    if (i !== query.days - 1 && EMPTY(unit['accommodation']))
      return fail(`No accommodation in day ${i + 1} is not allowed.`);
    if ((EMPTY(unit['breakfast']) || EMPTY(unit['lunch']) || EMPTY(unit['dinner'])) && !cc.includes('from '))
      return fail(`No meal in day ${i + 1} is not allowed.`);
    for (const value of Object.values(unit)) if (pyTruthy(value) && value !== '-') valid += 1;
  }
  if (valid / (6 * query.days) < 0.5) return fail('The absent information is more than 50%.');
  return ok;
};

/** The commonsense checks in the order the official `evaluation()` runs them. */
export const COMMONSENSE_CHECKS: ReadonlyArray<[CommonsenseKey, Check]> = [
  ['is_reasonalbe_visiting_city', reasonableCity],
  ['is_valid_restaurants', diverseRestaurants],
  ['is_valid_attractions', diverseAttractions],
  ['is_valid_accommodation', minimumNights],
  ['is_valid_transportation', nonConflictingTransport],
  ['is_valid_information_in_current_city', withinCurrentCity],
  ['is_valid_information_in_sandbox', withinSandbox],
  ['is_not_absent', completeInformation],
];
