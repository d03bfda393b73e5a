import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import type { DayFill, Mode, SlotPlace } from './plan-procedure.js';
import type { LegOption, ReferenceView } from './reference-view.js';

/** How candidates are ranked: by rating (the default) or by price (when a remembered budget rule asks). */
export type Ranking = 'rating' | 'price';

/** The structure the planner follows: leg days, each leg's preferred mode, and each day's fill. */
export interface Structure {
  /** The day of each leg (origin → first city, …, last city → origin), 1-based. */
  legDays: number[];
  /** The mode each leg prefers when the reference information offers it; undefined = the first listed mode. */
  preferredModes: Array<Mode | undefined>;
  /** Which slots day `day` (1-based) fills, and where. */
  fill(day: number): DayFill;
}

/** What a plan item costs for the party: the planner's cost model (kind of item, listed price, party, its row). */
export type CostModel = (options: {
  kind: 'flight' | 'drive' | 'taxi' | 'meal' | 'night';
  price: number;
  people: number;
  row?: Record<string, Cell>;
}) => number;

/** A filter on stays: keeps `row` for a stay of `nights` nights for the query's party. */
export type StayKeep = (row: Record<string, Cell>, nights: number, people: number) => boolean;

/**
 * The choice knowledge a plan is built with, whatever it came from: the rule-informed planner fills it from its
 * hand-written rules (switched on by memory), the learning planner from relations observed on remembered plans.
 */
export interface PlanChoices {
  /** Plan properties to keep: `distinctRestaurants`, `distinctAttractions`. */
  rules: Set<string>;
  /** Keeps a travel option; an option that fails is never chosen (undefined = any). */
  legKeep: ((option: LegOption) => boolean) | undefined;
  /** Stay filters, applied in order; a filter that would leave nothing is not applied. */
  stayKeeps: readonly StayKeep[];
  /** What the trip's meals should cover: each entry wants one restaurant it `serves`. */
  coverage: ReadonlyArray<(row: Record<string, Cell>) => boolean>;
  /** Whether a meal in the origin city may count towards the coverage. */
  coverAtOrigin: boolean;
  cost: CostModel;
  /** Items (`Name, City`) that worked in remembered plans: ranked first among the candidates that pass. */
  preferred: ReadonlySet<string>;
}

/** Everything one plan is built from: the query, its reference view, the route, the structure and the choices. */
export interface BuildInput {
  query: TravelQuery;
  view: ReferenceView;
  /** The route: origin, the cities in order, origin. */
  stops: string[];
  structure: Structure;
  choices: PlanChoices;
  stayRanking: Ranking;
  mealRanking: Ranking;
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

/** The running cost of the plan, added to in plan order (legs, then stays, then meals). */
interface CostTally {
  cost: number;
}

/** What the day fills share: restaurants and attractions already used, coverage not yet served. */
interface FillState {
  usedMeals: Set<string>;
  usedSights: Set<string>;
  pending: Array<(row: Record<string, Cell>) => boolean>;
}

/**
 * Builds one plan for `input.query`: the days and legs of the structure (cheapest option of the chosen mode per leg),
 * one accommodation per city for the nights planned there, then each day's meals and attractions. Returns the plan
 * and its cost (legs, nights and meals for the query's party).
 */
export function buildPlan(input: BuildInput): { plan: PlanDay[]; cost: number } {
  const tally: CostTally = { cost: 0 };
  const skeleton = planDays(input, tally);
  const stayOf = chooseStays(input, skeleton, tally);
  const state: FillState = { usedMeals: new Set(), usedSights: new Set(), pending: [...input.choices.coverage] };
  const plan = skeleton.map((s) => fillDay(input, s, stayOf, state, tally));
  return { plan, cost: tally.cost };
}

/** Items that pass `keep`, or all of them when none does (a filter that would leave nothing is not applied). */
function narrow<T>(items: T[], keep: (item: T) => boolean): T[] {
  const kept = items.filter(keep);
  return kept.length > 0 ? kept : items;
}

/** The legs and days: where each day is, its leg (with the chosen travel option) and where its night is spent. */
function planDays(input: BuildInput, tally: CostTally): DaySkeleton[] {
  const { query, view, stops, structure } = input;
  const people = query.people_number;
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
      const keep = input.choices.legKeep;
      if (keep) options = options.filter((o) => keep(o));
      const preferred = structure.preferredModes[legIndex];
      const mode = preferred && options.some((o) => o.mode === preferred) ? preferred : options[0]?.mode;
      const option = options.filter((o) => o.mode === mode).sort((a, b) => a.cost - b.cost)[0];
      if (option)
        tally.cost += input.choices.cost({
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
  return skeleton;
}

/** Stays: one accommodation per city, for the nights planned there, filtered by the constraint answers and rules. */
function chooseStays(
  input: BuildInput,
  skeleton: readonly DaySkeleton[],
  tally: CostTally,
): Map<string, Record<string, Cell>> {
  const { query, view } = input;
  const people = query.people_number;
  const nights = new Map<string, number>();
  for (const s of skeleton) if (s.night && s.day < query.days) nights.set(s.night, (nights.get(s.night) ?? 0) + 1);
  const stayOf = new Map<string, Record<string, Cell>>();
  for (const [c, n] of nights) {
    let rows = view.accommodations.get(c) ?? [];
    for (const keep of input.choices.stayKeeps) rows = narrow(rows, (r) => keep(r, n, people));
    const cost = input.choices.cost;
    const ranked = [...rows].sort(
      preferredFirst(
        input.choices.preferred,
        'NAME',
        c,
        input.stayRanking === 'price'
          ? (a, b) =>
              cost({ kind: 'night', price: Number(a['price']), people, row: a }) -
              cost({ kind: 'night', price: Number(b['price']), people, row: b })
          : (a, b) => Number(b['review rate number']) - Number(a['review rate number']),
      ),
    );
    const best = ranked[0];
    if (best) {
      stayOf.set(c, best);
      tally.cost += n * cost({ kind: 'night', price: Number(best['price']), people, row: best });
    }
  }
  return stayOf;
}

/** One plan day: its city and transportation, then each slot of its fill (stay, attractions, meals). */
function fillDay(
  input: BuildInput,
  s: DaySkeleton,
  stayOf: ReadonlyMap<string, Record<string, Cell>>,
  state: FillState,
  tally: CostTally,
): PlanDay {
  const { query } = input;
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
    const c = placeOf(query, s, place);
    if (slot === 'accommodation') {
      const row = s.night ? stayOf.get(s.night) : undefined;
      if (row && s.day < query.days) day['accommodation'] = `${String(row['NAME'])}, ${s.night}`;
    } else if (slot === 'attraction') {
      const chosen = chooseAttractions(input, c, Math.max(1, s.fill.attractions), state);
      if (chosen.length > 0) day['attraction'] = chosen.map((x) => `${x};`).join('');
    } else {
      const text = chooseMeal(input, c, state, tally);
      if (text !== undefined) day[slot] = text;
    }
  }
  return day;
}

/** The city a slot's place names on day `s`; never the origin on a travel day (then the leg's other end). */
function placeOf(query: TravelQuery, s: DaySkeleton, place: SlotPlace): string {
  const c = place === 'from' && s.leg ? s.leg.from : s.here;
  return c === query.org && s.leg ? (c === s.leg.to ? s.leg.from : s.leg.to) : c;
}

/** Up to `count` attractions of city `c` in listed order (skipping used ones under `distinctAttractions`). */
function chooseAttractions(input: BuildInput, c: string, count: number, state: FillState): string[] {
  const rows = input.view.attractions.get(c) ?? [];
  const chosen: string[] = [];
  for (const r of rows) {
    if (chosen.length >= count) break;
    const item = `${String(r['Name'])}, ${c}`;
    if (input.choices.rules.has('distinctAttractions') && state.usedSights.has(item)) continue;
    chosen.push(item);
    state.usedSights.add(item);
  }
  return chosen;
}

/**
 * The best-ranked restaurant of city `c` for one meal, preferring one that serves a cuisine not yet covered (away
 * from the origin) and skipping used ones under `distinctRestaurants`; undefined when the city has none.
 */
function chooseMeal(input: BuildInput, c: string, state: FillState, tally: CostTally): string | undefined {
  const { query } = input;
  let rows = input.view.restaurants.get(c) ?? [];
  const { choices } = input;
  if (choices.rules.has('distinctRestaurants'))
    rows = rows.filter((r) => !state.usedMeals.has(`${String(r['Name'])}, ${c}`));
  const countsHere = choices.coverAtOrigin || c !== query.org;
  const serving = rows.filter((r) => state.pending.some((serves) => serves(r)));
  const pool = serving.length > 0 && countsHere ? serving : rows;
  const ranked = [...pool].sort(
    preferredFirst(
      choices.preferred,
      'Name',
      c,
      input.mealRanking === 'price'
        ? (a, b) => Number(a['Average Cost']) - Number(b['Average Cost'])
        : (a, b) => Number(b['Aggregate Rating']) - Number(a['Aggregate Rating']),
    ),
  );
  const r = ranked[0];
  if (!r) return undefined;
  const text = `${String(r['Name'])}, ${c}`;
  state.usedMeals.add(text);
  for (let i = state.pending.length - 1; i >= 0; i--) if (state.pending[i]?.(r)) state.pending.splice(i, 1);
  tally.cost += choices.cost({ kind: 'meal', price: Number(r['Average Cost']), people: query.people_number });
  return text;
}

/** Orders rows whose item (`Name, City`) is in `preferred` first, then by `then`. */
function preferredFirst(
  preferred: ReadonlySet<string>,
  nameField: string,
  c: string,
  then: (a: Record<string, Cell>, b: Record<string, Cell>) => number,
): (a: Record<string, Cell>, b: Record<string, Cell>) => number {
  if (preferred.size === 0) return then;
  const rank = (r: Record<string, Cell>) => (preferred.has(`${String(r[nameField])}, ${c}`) ? 0 : 1);
  return (a, b) => rank(a) - rank(b) || then(a, b);
}
