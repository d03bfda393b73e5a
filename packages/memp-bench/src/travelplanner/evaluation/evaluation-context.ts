import type { TravelDatabase } from '../database/travel-database.js';
import type { PlanDay, TravelQuery } from '../database/travel-query.js';

/** The query fields the official evaluator reads. */
export type EvaluatedQuery = Pick<
  TravelQuery,
  'org' | 'dest' | 'days' | 'visiting_city_number' | 'people_number' | 'budget' | 'level' | 'local_constraint'
>;

/**
 * What every constraint check reads: the query, the plan's days, the database and the mode. `strict` (the default)
 * reproduces the official evaluator's quirks; `strict: false` fixes the ones listed in `NON_STRICT_FIXES`.
 */
export interface EvaluationContext {
  query: EvaluatedQuery;
  plan: PlanDay[];
  db: TravelDatabase;
  strict: boolean;
}

/** What `strict: false` changes, stated in its report. */
export const NON_STRICT_FIXES = [
  'Within Current City: on a day without travel the whole city name is compared, not its characters one by one.',
  'Diverse Attractions / Within Sandbox / Within Current City: an attraction not followed by ";" is checked too.',
  'Cuisine: a meal in the origin city skips only that meal, not the rest of the day.',
] as const;

/** The number of days the official evaluator reads: `min(query.days, plan.length)`. */
export function daysRead(ctx: EvaluationContext): number {
  return Math.min(ctx.query.days, ctx.plan.length);
}

/** The attraction items of a day: `split(';')[:-1]` (strict) or every non-empty item (non-strict). */
export function attractionItems(text: string, strict: boolean): string[] {
  const parts = text.split(';');
  return strict ? parts.slice(0, -1) : parts.filter((p, i) => i < parts.length - 1 || p.trim() !== '');
}
