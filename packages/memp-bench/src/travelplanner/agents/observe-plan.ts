import type { Step } from 'memp';
import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import {
  type ObservedPlan,
  distinctSteps,
  estimatedCost,
  filled,
  fillSteps,
  referenceRow,
  routeOf,
  staysOf,
} from './describe-plan.js';
import {
  type RelationEntity,
  type StayBound,
  type ValueRelation,
  costWithinLine,
  relationLine,
  stayBoundLine,
} from './learned-lines.js';
import { perPersonCost } from './per-person-cost.js';
import { routeLine, travelLine } from './plan-procedure.js';
import type { ReferenceView } from './reference-view.js';

const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
/** Row fields that identify a row rather than describe it: never related to a constraint's value. */
const IDENTITY_FIELDS = new Set(['Unnamed: 0', 'NAME', 'Name', 'City', 'city']);
/** A row's city (accommodations spell the column `city`, restaurants `City`). */
const cityOf = (r: Row) => String(r['City'] ?? r['city']);
/** The query's numeric fields a plan's cost is compared with. */
const QUERY_NUMBERS = ['days', 'people_number', 'budget'] as const;

type Row = Record<string, Cell>;

/**
 * Describes a finished plan for the LEARNING planner's memory, from the plan and its query's reference information
 * only: its route, legs, day fills and picks (as {@link describePlan} writes them), the plan properties observed on
 * it (no restaurant twice, no attraction twice), and relations found by one generic search that knows no
 * constraint's meaning: for each of the query's constraint values, which words of the value every (or some) chosen
 * accommodation / restaurant / leg has or lacks in which text field, where some candidate of the reference
 * information did not; which numeric field of every chosen stay stayed within the nights or reached the party size;
 * and which numeric query field the plan's cost stayed within — counting each listed price per person (the planner's
 * own count) or, when that exceeds it, once (the observation says which). A relation that
 * holds for every candidate too says nothing and is not written.
 */
export function describeObservedPlan(options: {
  query: TravelQuery;
  plan: readonly PlanDay[];
  view: ReferenceView;
}): Step[] {
  const { query, view } = options;
  const days = options.plan.filter((d) => filled(d['current_city'])).slice(0, query.days);
  const { stops, legs } = routeOf(query, days);
  const steps: Step[] = [{ action: routeLine(stops), observation: `${stops.length - 2} cities in ${query.days} days` }];
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
  steps.push(...distinctSteps(plan));
  steps.push(...valueRelations(plan).map((r) => ({ action: relationLine(r) })));
  steps.push(...stayBounds(plan).map((b) => ({ action: stayBoundLine(b) })));
  const perPerson = estimatedCost(plan, perPersonCost);
  const once = estimatedCost(plan, ({ price }) => price);
  for (const field of QUERY_NUMBERS) {
    const count = perPerson <= query[field] ? 'each price per person' : once <= query[field] ? 'each price once' : '';
    if (count !== '')
      steps.push({
        action: costWithinLine(field),
        observation: `cost ${Math.round(count === 'each price once' ? once : perPerson)} counting ${count}, ${field} ${query[field]}`,
      });
  }
  return steps;
}

/** The chosen rows of each entity and the candidates they were chosen from. */
function entityRows(plan: ObservedPlan): Array<{ entity: RelationEntity; chosen: Row[]; candidates: Row[] }> {
  const { query, view, legs, meals, stays } = plan;
  const stayRows = stays.flatMap((s) => (s.row ? [s.row] : []));
  const mealRows = meals.flatMap((m) => {
    const r = referenceRow(view, 'restaurants', m);
    return r ? [r] : [];
  });
  const cityRows = (table: Map<string, Row[]>, rows: Row[]) =>
    [...new Set(rows.map(cityOf))].flatMap((c) => table.get(c) ?? []);
  return [
    { entity: 'accommodation', chosen: stayRows, candidates: cityRows(view.accommodations, stayRows) },
    { entity: 'restaurant', chosen: mealRows, candidates: cityRows(view.restaurants, mealRows) },
    {
      entity: 'leg',
      chosen: legs.map((l) => ({ mode: l.mode })),
      candidates: legs.flatMap((l) =>
        view.legOptions(l.from, l.to, query.date[l.day - 1] ?? '').map((o) => ({ mode: o.mode })),
      ),
    },
  ];
}

/** The query's constraint values, one per cuisine of a list. */
function constraintValues(query: TravelQuery): Array<{ constraint: string; value: string }> {
  return Object.entries(query.local_constraint).flatMap(([constraint, v]) =>
    v === null ? [] : (Array.isArray(v) ? v : [v]).map((value) => ({ constraint, value: String(value) })),
  );
}

/** The value relations that hold on the plan and not on every candidate. */
function valueRelations(plan: ObservedPlan): ValueRelation[] {
  const out: ValueRelation[] = [];
  const entities = entityRows(plan);
  for (const { constraint, value } of constraintValues(plan.query)) {
    const whole = value.toLowerCase();
    const tokens = [...new Set([...whole.split(/\s+/).filter(Boolean), whole])];
    for (const { entity, chosen, candidates } of entities) {
      if (chosen.length === 0) continue;
      const fields = Object.keys(chosen[0] as Row).filter(
        (f) => !IDENTITY_FIELDS.has(f) && !chosen.some((r) => typeof r[f] === 'number' || r[f] === null),
      );
      for (const field of fields)
        for (const token of tokens) {
          const has = (r: Row) =>
            String(r[field] ?? '')
              .toLowerCase()
              .includes(token);
          const base = { constraint, value, entity, field, token };
          if (chosen.every(has) && candidates.some((r) => !has(r)))
            out.push({ ...base, quantifier: 'every', relation: 'has' });
          else if (chosen.every((r) => !has(r)) && candidates.some(has))
            out.push({ ...base, quantifier: 'every', relation: 'lacks' });
          else if (chosen.some(has) && candidates.some((r) => !has(r)))
            out.push({ ...base, quantifier: 'some', relation: 'has' });
        }
    }
  }
  return out;
}

/** Numeric stay fields within the nights stayed, or reaching the party size, for every stay and not every candidate. */
function stayBounds(plan: ObservedPlan): StayBound[] {
  const { view, stays, query } = plan;
  const known = stays.filter((s) => s.row !== undefined);
  if (known.length === 0 || known.length !== stays.length) return [];
  const first = known[0]?.row as Row;
  const numeric = Object.keys(first).filter((f) => !IDENTITY_FIELDS.has(f) && typeof first[f] === 'number');
  const out: StayBound[] = [];
  const candidatesOf = (row: Row) => view.accommodations.get(cityOf(row)) ?? [];
  for (const field of numeric) {
    const n = (r: Row) => Number(r[field]);
    if (
      known.every((s) => n(s.row as Row) <= s.nights) &&
      known.some((s) => candidatesOf(s.row as Row).some((r) => n(r) > s.nights))
    )
      out.push({ field, bound: '<=', against: 'nights' });
    if (
      known.every((s) => n(s.row as Row) >= query.people_number) &&
      known.some((s) => candidatesOf(s.row as Row).some((r) => n(r) < query.people_number))
    )
      out.push({ field, bound: '>=', against: 'people' });
  }
  return out;
}
