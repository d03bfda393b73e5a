import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { type Ranking, type Structure, buildPlan } from './build-plan.js';
import type { PlanProcedure, Slot, SlotPlace } from './plan-procedure.js';
import type { ReferenceView } from './reference-view.js';

const NAIVE_FILL_SLOTS: readonly Slot[] = ['breakfast', 'attraction', 'lunch', 'dinner', 'accommodation'];

/**
 * The naive default without memory (documented in the README): visit the reference information's cities in the
 * order it lists them, one leg per day from day 1 (origin → first city on day 1, → second city on day 2, …) and the
 * way home on the last day, so the last city gets the remaining nights; no preferred mode; every day fills every
 * slot, with one attraction, all in the day's destination (or, when that is home, where the day starts); and no
 * choice rule (best-rated first, repeats allowed, any stay length, no budget, no constraint answered).
 */
function naiveStructure(days: number, legs: number): Structure {
  const legDays = Array.from({ length: legs }, (_, i) => (i === legs - 1 ? days : Math.min(i + 1, days)));
  return {
    legDays,
    preferredModes: legDays.map(() => undefined),
    fill: () => ({ slots: NAIVE_FILL_SLOTS.map((slot) => ({ slot, place: 'to' as SlotPlace })), attractions: 1 }),
  };
}

/** The structure of a remembered procedure when it fits the query (same trip length and number of legs), else undefined. */
function rememberedStructure(p: PlanProcedure, days: number, legs: number): Structure | undefined {
  if (p.days !== days || p.legs.length !== legs || p.legs.some((l) => l.day < 1 || l.day > days)) return undefined;
  const naive = naiveStructure(days, legs);
  return {
    legDays: p.legs.map((l) => l.day),
    preferredModes: p.legs.map((l) => l.mode),
    fill: (day) => p.fills.get(day) ?? naive.fill(day),
  };
}

/**
 * Plans a trip for `query` from its reference view, following `structure` taken from memory (`procedures`, best
 * first; the first one that fits the trip's length and city count gives the structure) or the naive default, and
 * the union of the procedures' rules and constraint answers. The generic heuristics, the same with and without
 * memory: candidates in the order of their rating (restaurants' Aggregate Rating, accommodations' review rate
 * number; attractions as listed), the cheapest option of a chosen transport mode, and the first listed mode when
 * no mode is preferred. Rules switch on filters: distinct restaurants/attractions skip used ones; minimum nights
 * drops stays longer than the nights planned; a constraint answer filters stays (room type, house rule), covers
 * cuisines, or restricts modes; the budget rule re-plans cheapest-first (stays, then meals) while over budget.
 * A filter that would leave nothing is not applied.
 */
export function planTrip(options: { query: TravelQuery; view: ReferenceView; procedures: readonly PlanProcedure[] }): {
  plan: PlanDay[];
  structureFrom: number | undefined;
  cost: number;
} {
  const { query, view } = options;
  const stops = [query.org, ...view.cities, query.org];
  const legCount = stops.length - 1;
  let structureFrom: number | undefined;
  let structure = naiveStructure(query.days, legCount);
  for (const [i, p] of options.procedures.entries()) {
    const s = rememberedStructure(p, query.days, legCount);
    if (s) {
      structure = s;
      structureFrom = i;
      break;
    }
  }
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

  const attempt = (stayRanking: Ranking, mealRanking: Ranking) =>
    buildPlan({
      query,
      view,
      stops,
      structure,
      rules,
      allowedModes,
      roomTypes,
      avoidRule,
      cuisines,
      stayRanking,
      mealRanking,
    });
  let result = attempt('rating', 'rating');
  if (rules.has('budget') && result.cost > query.budget) result = attempt('price', 'rating');
  if (rules.has('budget') && result.cost > query.budget) result = attempt('price', 'price');
  return { ...result, structureFrom };
}
