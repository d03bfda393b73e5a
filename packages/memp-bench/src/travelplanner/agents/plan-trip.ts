import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { itemCost } from './plan-cost.js';
import type { DayFill, Mode, PlanProcedure, Slot, SlotPlace } from './plan-procedure.js';
import type { LegOption, ReferenceView } from './reference-view.js';

/** How candidates are ranked: by rating (the default) or by price (when a remembered budget rule asks). */
type Ranking = 'rating' | 'price';

const NAIVE_FILL_SLOTS: readonly Slot[] = ['breakfast', 'attraction', 'lunch', 'dinner', 'accommodation'];

/** The structure the planner follows: leg days and each day's fill. */
interface Structure {
  legDays: number[];
  preferredModes: Array<Mode | undefined>;
  fill(day: number): DayFill;
}

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

/** One planned day before entities are chosen. */
interface DaySkeleton {
  day: number;
  leg?: { from: string; to: string; option?: LegOption };
  here: string;
  fill: DayFill;
  /** Where the night is spent (undefined: home or the last day). */
  night?: string;
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

interface BuildInput {
  query: TravelQuery;
  view: ReferenceView;
  stops: string[];
  structure: Structure;
  rules: Set<string>;
  allowedModes: Mode[] | undefined;
  roomTypes: string[] | undefined;
  avoidRule: string | undefined;
  cuisines: string[];
  stayRanking: Ranking;
  mealRanking: Ranking;
}

function narrow<T>(items: T[], keep: (item: T) => boolean): T[] {
  const kept = items.filter(keep);
  return kept.length > 0 ? kept : items;
}

function buildPlan(input: BuildInput): { plan: PlanDay[]; cost: number } {
  const { query, view, stops, structure } = input;
  const people = query.people_number;
  let cost = 0;
  // Legs and days.
  const legAt = new Map<number, number>();
  structure.legDays.forEach((day, i) => {
    if (!legAt.has(day)) legAt.set(day, i);
  });
  const skeleton: DaySkeleton[] = [];
  let stop = 0;
  for (let day = 1; day <= query.days; day++) {
    const legIndex = legAt.get(day);
    const fill = structure.fill(day);
    if (legIndex !== undefined && legIndex === stop) {
      const from = stops[stop] as string;
      const to = stops[stop + 1] as string;
      let options = view.legOptions(from, to, query.date[day - 1] ?? '');
      if (input.allowedModes) options = options.filter((o) => input.allowedModes?.includes(o.mode));
      const preferred = structure.preferredModes[legIndex];
      const mode = preferred && options.some((o) => o.mode === preferred) ? preferred : options[0]?.mode;
      const option = options.filter((o) => o.mode === mode).sort((a, b) => a.cost - b.cost)[0];
      if (option)
        cost += itemCost({
          kind: option.mode === 'Flight' ? 'flight' : option.mode === 'Taxi' ? 'taxi' : 'drive',
          price: option.cost,
          people,
        });
      stop += 1;
      skeleton.push({
        day,
        leg: { from, to, ...(option ? { option } : {}) },
        here: to,
        fill,
        ...(stop < stops.length - 1 ? { night: to } : {}),
      });
    } else {
      const here = stops[stop] as string;
      skeleton.push({ day, here, fill, ...(stop > 0 && stop < stops.length - 1 ? { night: here } : {}) });
    }
  }
  // Stays: one accommodation per city, for the nights planned there.
  const nights = new Map<string, number>();
  for (const s of skeleton) if (s.night && s.day < query.days) nights.set(s.night, (nights.get(s.night) ?? 0) + 1);
  const stayOf = new Map<string, Record<string, Cell>>();
  for (const [c, n] of nights) {
    let rows = view.accommodations.get(c) ?? [];
    if (input.roomTypes) rows = narrow(rows, (r) => input.roomTypes?.includes(String(r['room type'])) ?? true);
    if (input.avoidRule)
      rows = narrow(
        rows,
        (r) =>
          !String(r['house_rules'])
            .toLowerCase()
            .includes(input.avoidRule?.toLowerCase() ?? ''),
      );
    if (input.rules.has('minimumNights')) rows = narrow(rows, (r) => Number(r['minimum nights']) <= n);
    const ranked = [...rows].sort(
      input.stayRanking === 'price'
        ? (a, b) =>
            itemCost({ kind: 'night', price: Number(a['price']), people, row: a }) -
            itemCost({ kind: 'night', price: Number(b['price']), people, row: b })
        : (a, b) => Number(b['review rate number']) - Number(a['review rate number']),
    );
    const best = ranked[0];
    if (best) {
      stayOf.set(c, best);
      cost += n * itemCost({ kind: 'night', price: Number(best['price']), people, row: best });
    }
  }
  // Meals and attractions.
  const usedMeals = new Set<string>();
  const usedSights = new Set<string>();
  const pending = [...input.cuisines];
  const placeOf = (s: DaySkeleton, place: SlotPlace): string => {
    const c = place === 'from' && s.leg ? s.leg.from : s.here;
    return c === query.org && s.leg ? (c === s.leg.to ? s.leg.from : s.leg.to) : c;
  };
  const plan: PlanDay[] = skeleton.map((s) => {
    const day: PlanDay = {
      days: s.day,
      current_city: s.leg ? `from ${s.leg.from} to ${s.leg.to}` : s.here,
      transportation: s.leg?.option?.text ?? '-',
      breakfast: '-',
      attraction: '-',
      lunch: '-',
      dinner: '-',
      accommodation: '-',
    };
    for (const { slot, place } of s.fill.slots) {
      const c = placeOf(s, place);
      if (slot === 'accommodation') {
        const row = s.night ? stayOf.get(s.night) : undefined;
        if (row && s.day < query.days) day['accommodation'] = `${String(row['NAME'])}, ${s.night}`;
      } else if (slot === 'attraction') {
        const rows = view.attractions.get(c) ?? [];
        const chosen: string[] = [];
        for (const r of rows) {
          if (chosen.length >= Math.max(1, s.fill.attractions)) break;
          const item = `${String(r['Name'])}, ${c}`;
          if (input.rules.has('distinctAttractions') && usedSights.has(item)) continue;
          chosen.push(item);
          usedSights.add(item);
        }
        if (chosen.length > 0) day['attraction'] = chosen.map((x) => `${x};`).join('');
      } else {
        let rows = view.restaurants.get(c) ?? [];
        if (input.rules.has('distinctRestaurants'))
          rows = rows.filter((r) => !usedMeals.has(`${String(r['Name'])}, ${c}`));
        const serving = rows.filter((r) => pending.some((q) => String(r['Cuisines']).includes(q)));
        const pool = serving.length > 0 && c !== query.org ? serving : rows;
        const ranked = [...pool].sort(
          input.mealRanking === 'price'
            ? (a, b) => Number(a['Average Cost']) - Number(b['Average Cost'])
            : (a, b) => Number(b['Aggregate Rating']) - Number(a['Aggregate Rating']),
        );
        const r = ranked[0];
        if (!r) continue;
        const text = `${String(r['Name'])}, ${c}`;
        day[slot] = text;
        usedMeals.add(text);
        for (let i = pending.length - 1; i >= 0; i--)
          if (String(r['Cuisines']).includes(pending[i] as string)) pending.splice(i, 1);
        cost += itemCost({ kind: 'meal', price: Number(r['Average Cost']), people });
      }
    }
    return day;
  });
  return { plan, cost };
}
