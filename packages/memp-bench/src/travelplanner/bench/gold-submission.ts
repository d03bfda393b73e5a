import type { TravelQuery } from '../database/travel-query.js';

/** One line of an official-format submission. */
export interface SubmissionLine {
  idx: number;
  query: string;
  plan: TravelQuery['goldPlan'] | null;
}

/** The gold plans of `queries` as an official-format submission (the evaluator's oracle). */
export function goldSubmission(queries: readonly TravelQuery[]): SubmissionLine[] {
  return queries.map((q) => ({ idx: q.idx, query: q.query, plan: q.goldPlan }));
}
