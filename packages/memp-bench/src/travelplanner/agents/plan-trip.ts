import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { type PlanChoices, type Ranking, type StayKeep, buildPlan } from './build-plan.js';
import { itemCost } from './plan-cost.js';
import type { PlanProcedure } from './plan-procedure.js';
import type { ReferenceView } from './reference-view.js';
import { chooseStructure } from './trip-structure.js';

/**
 * The RULE-INFORMED planner's trip planning (`--agent rule-informed`): the meaning of every constraint is written
 * here by hand, copying what the official evaluator checks, and memory only switches the handlers on and supplies
 * values. Hand-written: minimum nights (stays no longer than planned are dropped), the house rule as a substring
 * exclusion of `house_rules`, the room type as a set of `room type` values, cuisines covered away from the origin,
 * transport modes allowed, and the budget with the evaluator's counting (`itemCost`: 5-seat cars, 4-seat taxis,
 * rooms of `maximum occupancy`). The structure comes from the first procedure that fits the trip, else the naive
 * default. Kept as the upper reference for the learning planner ({@link planTripFromLearning}).
 */
export function planTrip(options: { query: TravelQuery; view: ReferenceView; procedures: readonly PlanProcedure[] }): {
  plan: PlanDay[];
  structureFrom: number | undefined;
  cost: number;
} {
  const { query, view } = options;
  const stops = [query.org, ...view.cities, query.org];
  const { structure, from: structureFrom } = chooseStructure(options.procedures, query.days, stops.length - 1);
  const rules = new Set(options.procedures.flatMap((p) => [...p.rules]));
  const lc = query.local_constraint;
  const find = <T>(pick: (p: PlanProcedure) => T | undefined): T | undefined => {
    for (const p of options.procedures) {
      const v = pick(p);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const allowedModes = lc.transportation
    ? find((p) => p.transport.get(lc.transportation?.toLowerCase() ?? ''))
    : undefined;
  const roomTypes = lc['room type'] ? find((p) => p.roomTypes.get(lc['room type']?.toLowerCase() ?? '')) : undefined;
  const avoidRule =
    lc['house rule'] && options.procedures.some((p) => p.houseRules.has(lc['house rule']?.toLowerCase() ?? ''))
      ? lc['house rule']
      : undefined;
  const cuisines = (lc.cuisine ?? []).filter((c) => options.procedures.some((p) => p.cuisines.has(c.toLowerCase())));
  const stayKeeps: StayKeep[] = [];
  if (roomTypes) stayKeeps.push((r) => roomTypes.includes(String(r['room type'])));
  if (avoidRule) stayKeeps.push((r) => !String(r['house_rules']).toLowerCase().includes(avoidRule.toLowerCase()));
  if (rules.has('minimumNights')) stayKeeps.push((r, nights) => Number(r['minimum nights']) <= nights);
  const choices: PlanChoices = {
    rules,
    legKeep: allowedModes ? (o) => allowedModes.includes(o.mode) : undefined,
    stayKeeps,
    coverage: cuisines.map((q) => (r: Record<string, Cell>) => String(r['Cuisines']).includes(q)),
    coverAtOrigin: false,
    cost: itemCost,
    preferred: new Set(),
  };
  const attempt = (stayRanking: Ranking, mealRanking: Ranking) =>
    buildPlan({ query, view, stops, structure, choices, stayRanking, mealRanking });
  let result = attempt('rating', 'rating');
  if (rules.has('budget') && result.cost > query.budget) result = attempt('price', 'rating');
  if (rules.has('budget') && result.cost > query.budget) result = attempt('price', 'price');
  return { ...result, structureFrom };
}
