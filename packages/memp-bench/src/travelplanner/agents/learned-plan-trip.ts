import type { Cell } from '../database/data-table.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';
import { type PlanChoices, type Ranking, type StayKeep, buildPlan } from './build-plan.js';
import type { LearnedLines, StayBound, ValueRelation } from './learned-lines.js';
import { perPersonCost } from './per-person-cost.js';
import type { LegOption, ReferenceView } from './reference-view.js';
import type { PlanProcedure } from './plan-procedure.js';
import { chooseStructure } from './trip-structure.js';

/** A retrieved memory as the learning planner reads it: its plan-grammar procedure and its learned lines. */
export interface LearnedMemory {
  procedure: PlanProcedure;
  learned: LearnedLines;
}

/** The plan properties the learning planner keeps when memory observed them (the other rule lines are not its own). */
const PLAN_PROPERTIES = new Set(['distinctRestaurants', 'distinctAttractions']);

type Row = Record<string, Cell>;

/**
 * The LEARNING planner's trip planning (`--agent offline`). It knows no constraint's meaning: every filter comes
 * from a relation observed on a retrieved memory's plan ({@link describeObservedPlan}). For each of the query's
 * constraint values, a remembered relation applies when the memory saw the same value, or when its token was the
 * memory's whole value (then the query's value takes its place): `every accommodation … has/lacks` filters stays,
 * `every leg … has/lacks` filters travel options, `some restaurant … has` asks the meals to cover it (other
 * relations are not used). `every accommodation "<field>" <= nights / >= people` filters stays when more than half
 * of the retrieved memories show it; `plan cost <= query "<field>"`, seen on any of them, re-plans cheaper (stays,
 * then meals) while its own per-person count is over that field. Items that the
 * retrieved plans chose rank first; the structure comes from the first memory that fits the trip, else the naive
 * default. Without memory: naive structure, best-rated choices, no filter.
 */
export function planTripFromLearning(options: {
  query: TravelQuery;
  view: ReferenceView;
  memories: readonly LearnedMemory[];
}): { plan: PlanDay[]; structureFrom: number | undefined; cost: number } {
  const { query, view, memories } = options;
  const stops = [query.org, ...view.cities, query.org];
  const { structure, from: structureFrom } = chooseStructure(
    memories.map((m) => m.procedure),
    query.days,
    stops.length - 1,
  );
  const relations = applicableRelations(query, memories);
  const has = (r: ValueRelation, text: unknown) =>
    String(text ?? '')
      .toLowerCase()
      .includes(r.token);
  const holds = (r: ValueRelation, row: Row) => (r.relation === 'has') === has(r, row[r.field]);
  const stayKeeps: StayKeep[] = relations
    .filter((r) => r.quantifier === 'every' && r.entity === 'accommodation')
    .map((r) => (row) => holds(r, row));
  for (const b of majorityBounds(memories))
    stayKeeps.push((row, nights, people) => {
      const against = b.against === 'nights' ? nights : people;
      return b.bound === '<=' ? Number(row[b.field]) <= against : Number(row[b.field]) >= against;
    });
  const legRules = relations.filter((r) => r.quantifier === 'every' && r.entity === 'leg');
  const choices: PlanChoices = {
    rules: new Set(memories.flatMap((m) => [...m.procedure.rules]).filter((r) => PLAN_PROPERTIES.has(r))),
    legKeep: legRules.length === 0 ? undefined : (o: LegOption) => legRules.every((r) => holds(r, { mode: o.mode })),
    stayKeeps,
    coverage: relations
      .filter((r) => r.quantifier === 'some' && r.relation === 'has' && r.entity === 'restaurant')
      .map((r) => (row: Row) => has(r, row[r.field])),
    coverAtOrigin: true,
    cost: perPersonCost,
    preferred: new Set(memories.filter((m) => m.procedure.cautions.length === 0).flatMap((m) => m.learned.picks)),
  };
  const limits = [...new Set(memories.flatMap((m) => m.learned.costWithin))]
    .map((field) => (query as unknown as Record<string, unknown>)[field])
    .filter((v): v is number => typeof v === 'number');
  const limit = limits.length > 0 ? Math.min(...limits) : Number.POSITIVE_INFINITY;
  const attempt = (stayRanking: Ranking, mealRanking: Ranking) =>
    buildPlan({ query, view, stops, structure, choices, stayRanking, mealRanking });
  let result = attempt('rating', 'rating');
  if (result.cost > limit) result = attempt('price', 'rating');
  if (result.cost > limit) result = attempt('price', 'price');
  return { ...result, structureFrom };
}

/**
 * The remembered relations that apply to the query's constraint values: same constraint, and the same value (token
 * as remembered) or a relation on the memory's whole value (token = the query's value). Deduplicated.
 */
function applicableRelations(query: TravelQuery, memories: readonly LearnedMemory[]): ValueRelation[] {
  const out = new Map<string, ValueRelation>();
  for (const [constraint, v] of Object.entries(query.local_constraint)) {
    if (v === null) continue;
    for (const value of Array.isArray(v) ? v : [v]) {
      const mine = String(value).toLowerCase();
      for (const m of memories)
        for (const r of m.learned.relations) {
          if (r.constraint !== constraint) continue;
          const theirs = r.value.toLowerCase();
          const token = theirs === mine ? r.token : r.token === theirs ? mine : undefined;
          if (token === undefined) continue;
          const applied = { ...r, value: String(value), token };
          out.set(
            JSON.stringify([applied.quantifier, applied.entity, applied.field, applied.relation, token]),
            applied,
          );
        }
    }
  }
  return [...out.values()];
}

/**
 * The stay bounds more than half of the retrieved memories show: a bound seen on one plan may be a coincidence of
 * that plan (its stays happened to hold at most as many people as nights), one most plans show is kept.
 */
function majorityBounds(memories: readonly LearnedMemory[]): StayBound[] {
  const seen = new Map<string, { bound: StayBound; count: number }>();
  for (const m of memories)
    for (const b of new Map(m.learned.stayBounds.map((x) => [JSON.stringify(x), x])).values()) {
      const key = JSON.stringify(b);
      const entry = seen.get(key) ?? { bound: b, count: 0 };
      entry.count += 1;
      seen.set(key, entry);
    }
  return [...seen.values()].filter((e) => e.count * 2 > memories.length).map((e) => e.bound);
}
