import type { Step } from 'memp';
import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { planText } from '../evaluation/plan-text.js';
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

function filled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.trim() !== '-';
}
const city = (name: string) => planText.beforeParenthesis(name).trim();

function modeOf(transportation: string): Mode | undefined {
  const t = transportation.toLowerCase();
  if (t.includes('flight')) return 'Flight';
  if (t.includes('self-driving')) return 'Self-driving';
  if (t.includes('taxi')) return 'Taxi';
  return undefined;
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
  const steps: Step[] = [];
  const stops = [query.org];
  const legs: Array<{ day: number; from: string; to: string; mode: Mode; text: string }> = [];
  days.forEach((d, i) => {
    const fromTo = planText.fromTo(String(d['current_city']));
    if (!fromTo) return;
    const [a, b] = [city(fromTo[0]), city(fromTo[1])];
    const mode = modeOf(String(d['transportation'] ?? ''));
    if (mode) legs.push({ day: i + 1, from: a, to: b, mode, text: String(d['transportation']) });
    stops.push(b);
  });
  steps.push({ action: routeLine(stops), observation: `${stops.length - 2} cities visited in ${query.days} days` });
  for (const leg of legs)
    steps.push({ action: travelLine(leg.day, leg.from, leg.to, leg.mode), observation: leg.text });
  const rows = (
    kind: 'restaurants' | 'attractions' | 'accommodations',
    text: string,
  ): Record<string, Cell> | undefined => {
    const [name, c] = planText.nameCity(text);
    return view[kind].get(c)?.find((r) => String(r[kind === 'accommodations' ? 'NAME' : 'Name']) === name);
  };
  const picks: Step[] = [];
  days.forEach((d, i) => {
    const fromTo = planText.fromTo(String(d['current_city']));
    const place = (text: string): SlotPlace => {
      if (!fromTo) return 'here';
      const c = planText.nameCity(text)[1];
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
    steps.push({ action: fillLine(i + 1, fill) });
  });
  steps.push(...picks);

  // Observed properties.
  const meals = days.flatMap((d) => MEALS.map((m) => d[m]).filter(filled));
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
  const stays: Array<{ text: string; nights: number }> = [];
  for (const d of days) {
    const a = d['accommodation'];
    if (!filled(a)) continue;
    const last = stays[stays.length - 1];
    if (last && last.text === a) last.nights += 1;
    else stays.push({ text: a, nights: 1 });
  }
  const stayRows = stays.map((s) => ({ ...s, row: rows('accommodations', s.text) }));
  if (
    stayRows.length > 0 &&
    stayRows.every((s) => s.row !== undefined && s.nights >= Number(s.row['minimum nights']))
  ) {
    steps.push({
      action: RULE_LINES.minimumNights,
      observation: stayRows.map((s) => `${s.nights} night(s), minimum ${String(s.row?.['minimum nights'])}`).join('; '),
    });
  }
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
    cost += itemCost({
      kind: leg.mode === 'Flight' ? 'flight' : leg.mode === 'Taxi' ? 'taxi' : 'drive',
      price,
      people: query.people_number,
    });
  }
  for (const m of meals)
    cost += itemCost({
      kind: 'meal',
      price: Number(rows('restaurants', m)?.['Average Cost'] ?? NaN),
      people: query.people_number,
    });
  for (const s of stayRows)
    cost +=
      s.nights *
      itemCost({
        kind: 'night',
        price: Number(s.row?.['price'] ?? NaN),
        people: query.people_number,
        ...(s.row ? { row: s.row } : {}),
      });
  if (Number.isFinite(cost) && cost <= query.budget)
    steps.push({
      action: RULE_LINES.budget,
      observation: `estimated cost ${Math.round(cost)} of budget ${query.budget}`,
    });

  const lc = query.local_constraint;
  if (lc['room type'] !== null && stayRows.every((s) => s.row)) {
    const types = [...new Set(stayRows.map((s) => String(s.row?.['room type'])))];
    steps.push({ action: constraintLines.room(lc['room type'], types) });
  }
  if (
    lc['house rule'] !== null &&
    stayRows.every(
      (s) =>
        s.row &&
        !String(s.row['house_rules'])
          .toLowerCase()
          .includes((lc['house rule'] as string).toLowerCase()),
    )
  ) {
    steps.push({
      action: constraintLines.house(lc['house rule']),
      observation: stayRows.map((s) => String(s.row?.['house_rules'])).join('; '),
    });
  }
  for (const c of lc.cuisine ?? []) {
    const served = meals
      .map((m) => rows('restaurants', m))
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
