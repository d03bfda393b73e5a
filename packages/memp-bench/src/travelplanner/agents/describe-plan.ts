import type { Step } from 'memp';
import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { planStrings } from './plan-strings.js';
import type { CostModel } from './build-plan.js';
import { itemCost } from './plan-cost.js';
import {
  type DayFill,
  type Mode,
  RULE_LINES,
  type Slot,
  type SlotPlace,
  constraintLines,
  fillLine,
  routeLine,
  travelLine,
} from './plan-procedure.js';
import type { ReferenceView } from './reference-view.js';

const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
const SLOTS: readonly Slot[] = ['breakfast', 'attraction', 'lunch', 'dinner', 'accommodation'];

/** True for a plan value that names something (not empty, not `-`). */
export function filled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.trim() !== '-';
}
const city = (name: string) => planStrings.city(name);

function modeOf(transportation: string): Mode | undefined {
  const t = transportation.toLowerCase();
  if (t.includes('flight')) return 'Flight';
  if (t.includes('self-driving')) return 'Self-driving';
  if (t.includes('taxi')) return 'Taxi';
  return undefined;
}

/** One travelled leg of a plan: its day, cities, mode and the plan's transportation text. */
export interface Leg {
  day: number;
  from: string;
  to: string;
  mode: Mode;
  text: string;
}

/** One stay: consecutive nights in the same accommodation, with its reference row when the view lists it. */
export interface Stay {
  text: string;
  nights: number;
  row: Record<string, Cell> | undefined;
}

/** What the observations read from a plan: its query, the reference rows, and the plan's legs, meals and stays. */
export interface ObservedPlan {
  query: TravelQuery;
  view: ReferenceView;
  days: readonly PlanDay[];
  legs: readonly Leg[];
  meals: readonly string[];
  stays: readonly Stay[];
}

/**
 * Describes a finished plan in the plan grammar ({@link readProcedure} reads it back): its route, legs, day fills
 * and concrete picks, then the properties it was observed to have — the choice rules it obeyed and how it answered
 * each of its query's constraints (room type, house rule, cuisine, transportation). The observations are checked on
 * the plan itself against the rows of the reference information; a property the plan does not have is not written.
 * Used for expert (gold) plans and for the planners' own plans alike. Each step's observation states the evidence.
 */
export function describePlan(options: { query: TravelQuery; plan: readonly PlanDay[]; view: ReferenceView }): Step[] {
  const { query, view } = options;
  const days = options.plan.filter((d) => filled(d['current_city'])).slice(0, query.days);
  const { stops, legs } = routeOf(query, days);
  const steps: Step[] = [];
  steps.push({ action: routeLine(stops), observation: `${stops.length - 2} cities visited in ${query.days} days` });
  for (const leg of legs)
    steps.push({ action: travelLine(leg.day, leg.from, leg.to, leg.mode), observation: leg.text });
  steps.push(...fillSteps(days));
  const plan: ObservedPlan = {
    query,
    view,
    days,
    legs,
    meals: days.flatMap((d) => MEALS.map((m) => d[m]).filter(filled)),
    stays: staysOf(days, view),
  };
  steps.push(...ruleSteps(plan), ...constraintSteps(plan));
  return steps;
}

/** The plan's stops (origin, each day's destination) and the legs whose transportation names a mode. */
export function routeOf(query: TravelQuery, days: readonly PlanDay[]): { stops: string[]; legs: Leg[] } {
  const stops = [query.org];
  const legs: Leg[] = [];
  days.forEach((d, i) => {
    const fromTo = planStrings.fromTo(String(d['current_city']));
    if (!fromTo) return;
    const [a, b] = [city(fromTo[0]), city(fromTo[1])];
    const mode = modeOf(String(d['transportation'] ?? ''));
    if (mode) legs.push({ day: i + 1, from: a, to: b, mode, text: String(d['transportation']) });
    stops.push(b);
  });
  return { stops, legs };
}

/** One `fill` step per day (which slots are filled, and where), then the concrete `pick` steps of every day. */
export function fillSteps(days: readonly PlanDay[]): Step[] {
  const fills: Step[] = [];
  const picks: Step[] = [];
  days.forEach((d, i) => {
    const fromTo = planStrings.fromTo(String(d['current_city']));
    const place = (text: string): SlotPlace => {
      if (!fromTo) return 'here';
      const c = planStrings.nameCity(text)[1];
      return c === city(fromTo[1]) ? 'to' : 'from';
    };
    const fill: DayFill = { slots: [], attractions: 0 };
    for (const slot of SLOTS) {
      const value = d[slot];
      if (!filled(value)) continue;
      if (slot === 'attraction') {
        const items = value
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean);
        fill.attractions = items.length;
        fill.slots.push({ slot, place: place(items[0] as string) });
        for (const item of items) picks.push({ action: `pick day=${i + 1} attraction: ${item}` });
      } else {
        fill.slots.push({ slot, place: place(value) });
        picks.push({ action: `pick day=${i + 1} ${slot}: ${value}` });
      }
    }
    fills.push({ action: fillLine(i + 1, fill) });
  });
  return [...fills, ...picks];
}

/** The plan's stays: consecutive days in the same accommodation merged, each with its reference row. */
export function staysOf(days: readonly PlanDay[], view: ReferenceView): Stay[] {
  const stays: Array<{ text: string; nights: number }> = [];
  for (const d of days) {
    const a = d['accommodation'];
    if (!filled(a)) continue;
    const last = stays[stays.length - 1];
    if (last && last.text === a) last.nights += 1;
    else stays.push({ text: a, nights: 1 });
  }
  return stays.map((s) => ({ ...s, row: referenceRow(view, 'accommodations', s.text) }));
}

/** The plan properties observed on it: every meal at a different restaurant, every attraction once. */
export function distinctSteps(plan: ObservedPlan): Step[] {
  const { days, meals } = plan;
  const steps: Step[] = [];
  if (meals.length > 1 && new Set(meals).size === meals.length)
    steps.push({ action: RULE_LINES.distinctRestaurants, observation: `${meals.length} meals, no restaurant twice` });
  const sights = days.flatMap((d) =>
    filled(d['attraction'])
      ? d['attraction']
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );
  if (sights.length > 1 && new Set(sights).size === sights.length)
    steps.push({ action: RULE_LINES.distinctAttractions, observation: `${sights.length} attractions, none twice` });
  return steps;
}

/** The rule-informed detector's rules: the distinct properties, then minimum nights and the budget (hand-written). */
function ruleSteps(plan: ObservedPlan): Step[] {
  const { stays } = plan;
  const steps: Step[] = distinctSteps(plan);
  if (stays.length > 0 && stays.every((s) => s.row !== undefined && s.nights >= Number(s.row['minimum nights']))) {
    steps.push({
      action: RULE_LINES.minimumNights,
      observation: stays.map((s) => `${s.nights} night(s), minimum ${String(s.row?.['minimum nights'])}`).join('; '),
    });
  }
  const cost = estimatedCost(plan);
  if (Number.isFinite(cost) && cost <= plan.query.budget)
    steps.push({
      action: RULE_LINES.budget,
      observation: `estimated cost ${Math.round(cost)} of budget ${plan.query.budget}`,
    });
  return steps;
}

/** The plan's cost from the reference rows (legs, meals, nights) under `cost` (default: the rule-informed counting); NaN when a price is missing. */
export function estimatedCost(plan: ObservedPlan, costOf: CostModel = itemCost): number {
  const { query, view, legs, meals, stays } = plan;
  let cost = 0;
  for (const leg of legs) {
    const price =
      leg.mode === 'Flight'
        ? Number(
            view
              .legOptions(leg.from, leg.to, query.date[leg.day - 1] ?? '')
              .find((o) => o.text.startsWith(leg.text.slice(0, 25)))?.cost ?? NaN,
          )
        : Number(/cost: (\d+)/.exec(leg.text)?.[1] ?? NaN);
    cost += costOf({
      kind: leg.mode === 'Flight' ? 'flight' : leg.mode === 'Taxi' ? 'taxi' : 'drive',
      price,
      people: query.people_number,
    });
  }
  for (const m of meals)
    cost += costOf({
      kind: 'meal',
      price: Number(referenceRow(view, 'restaurants', m)?.['Average Cost'] ?? NaN),
      people: query.people_number,
    });
  for (const s of stays)
    cost +=
      s.nights *
      costOf({
        kind: 'night',
        price: Number(s.row?.['price'] ?? NaN),
        people: query.people_number,
        ...(s.row ? { row: s.row } : {}),
      });
  return cost;
}

/** How the plan answered its query's local constraints: room type, house rule, each cuisine, transportation. */
function constraintSteps(plan: ObservedPlan): Step[] {
  const { query, view, legs, meals, stays } = plan;
  const lc = query.local_constraint;
  const steps: Step[] = [];
  if (lc['room type'] !== null && stays.every((s) => s.row)) {
    const types = [...new Set(stays.map((s) => String(s.row?.['room type'])))];
    steps.push({ action: constraintLines.room(lc['room type'], types) });
  }
  if (
    lc['house rule'] !== null &&
    stays.every(
      (s) =>
        s.row &&
        !String(s.row['house_rules'])
          .toLowerCase()
          .includes((lc['house rule'] as string).toLowerCase()),
    )
  ) {
    steps.push({
      action: constraintLines.house(lc['house rule']),
      observation: stays.map((s) => String(s.row?.['house_rules'])).join('; '),
    });
  }
  for (const c of lc.cuisine ?? []) {
    const served = meals
      .map((m) => referenceRow(view, 'restaurants', m))
      .find((r) => r && String(r['City']) !== query.org && String(r['Cuisines']).includes(c));
    if (served)
      steps.push({
        action: constraintLines.cuisine(c),
        observation: `${String(served['Name'])}: ${String(served['Cuisines'])}`,
      });
  }
  if (lc.transportation !== null && legs.length > 0)
    steps.push({ action: constraintLines.transport(lc.transportation, [...new Set(legs.map((l) => l.mode))]) });
  return steps;
}

/** The reference row a plan item (`Name, City`) names, looked up in the view's table of `kind` for its city. */
export function referenceRow(
  view: ReferenceView,
  kind: 'restaurants' | 'attractions' | 'accommodations',
  text: string,
): Record<string, Cell> | undefined {
  const [name, c] = planStrings.nameCity(text);
  return view[kind].get(c)?.find((r) => String(r[kind === 'accommodations' ? 'NAME' : 'Name']) === name);
}
