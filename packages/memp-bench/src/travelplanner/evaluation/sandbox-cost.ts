import type { TravelDatabase } from '../database/travel-database.js';
import { planText } from './plan-text.js';

/**
 * The cost of driving from `origin` to `destination` as the official `run_for_evaluation` computes it: the first
 * distance row of the pair (parentheses stripped from both names); undefined when there is no row, the duration or
 * distance is empty, or the duration contains "day". Else `int(km × 0.05)` when `mode` contains `driving`,
 * `int(km)` when it is `taxi`, undefined for any other mode.
 */
export function sandboxCost(options: {
  db: TravelDatabase;
  origin: string;
  destination: string;
  mode: string;
}): number | undefined {
  const row = options.db.distance(
    planText.beforeParenthesis(options.origin),
    planText.beforeParenthesis(options.destination),
  );
  if (!row || row.duration === undefined || row.distance === undefined) return undefined;
  if (row.duration.includes('day')) return undefined;
  return costForMode(row.distance, options.mode);
}

/** `int(eval(distance without "km" and ","))` scaled for the mode (0.05/km driving, 1/km taxi); undefined otherwise. */
export function costForMode(distance: string, mode: string): number | undefined {
  const km = Number(distance.replace(/km/g, '').replace(/,/g, '').trim());
  if (mode.includes('driving')) return Math.trunc(km * 0.05);
  if (mode === 'taxi') return Math.trunc(km);
  return undefined;
}
