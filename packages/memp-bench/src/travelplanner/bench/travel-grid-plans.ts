import type { BuildPolicyName, Ranking, RetrievePolicyName, UpdatePolicyName } from 'memp';
import type { TravelplannerRunOptions } from './run-travelplanner-bench.js';

/** What one row of the TravelPlanner grid changes in the run options. */
export type TravelGridPlan = Pick<
  TravelplannerRunOptions,
  'build' | 'retrieve' | 'update' | 'memoryFrom' | 'control' | 'agent' | 'rank'
>;

/**
 * The rows of `bench grid --env travelplanner`, in order: the no-memory baseline (`baseline`); the control —
 * memories of unlike queries in place of retrieval, preferred build (`control`, default on); offline gold-plan memory
 * for every Build × Retrieve pair; online runs for every update policy with the preferred pair
 * (proceduralization/query when listed, else the first of each list); and, when the grid's agent is the offline
 * learning planner (`ruleInformed`, default on), the rule-informed planner with the preferred pair and with the
 * control, so the hand-written rules are measured beside what memory teaches.
 */
export function travelGridPlans(options: {
  base: Pick<TravelplannerRunOptions, 'agent'>;
  builds: readonly BuildPolicyName[];
  retrieves: readonly RetrievePolicyName[];
  updates: readonly UpdatePolicyName[];
  baseline: boolean;
  control?: boolean;
  ruleInformed?: boolean;
  /** Rankings to run each memory row with (utility rows after similarity ones). Default: similarity only. */
  ranks?: readonly Ranking[];
}): TravelGridPlan[] {
  const plans: TravelGridPlan[] = [];
  const build = options.builds.includes('proceduralization') ? 'proceduralization' : options.builds[0];
  const retrieve = options.retrieves.includes('query') ? 'query' : options.retrieves[0];
  const preferred = { ...(build ? { build } : {}), ...(retrieve ? { retrieve } : {}) };
  const control = { memoryFrom: 'gold', control: 'unlike-query' as const, ...(build ? { build } : {}) };
  if (options.baseline) plans.push({});
  if (options.control ?? true) plans.push(control);
  const ranks = options.ranks ?? ['similarity'];
  for (const b of options.builds)
    for (const r of options.retrieves)
      for (const rank of ranks) plans.push({ memoryFrom: 'gold', build: b, retrieve: r, ...rankOf(rank) });
  for (const update of options.updates)
    for (const rank of ranks) plans.push({ memoryFrom: 'gold', update, ...rankOf(rank), ...preferred });
  if ((options.base.agent ?? 'offline') === 'offline' && (options.ruleInformed ?? true)) {
    plans.push({ agent: 'rule-informed', memoryFrom: 'gold', ...preferred });
    if (options.control ?? true) plans.push({ agent: 'rule-informed', ...control });
  }
  return plans;
}

/** The row's ranking option: absent for similarity (the runs' default), so rows read as they did before rankings. */
function rankOf(rank: Ranking): Pick<TravelGridPlan, 'rank'> {
  return rank === 'similarity' ? {} : { rank };
}
