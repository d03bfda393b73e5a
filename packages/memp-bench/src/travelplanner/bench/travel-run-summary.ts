import type { MempError } from 'memp';
import type { TravelDatabase } from '../database/travel-database.js';
import type { TravelQuery } from '../database/travel-query.js';
import { evaluateSubmission } from '../evaluation/evaluate-submission.js';
import { scoreEvaluations, type TravelScores } from '../evaluation/score-evaluations.js';
import type { TravelEpisode } from './run-travelplanner-episodes.js';

/** The six metrics of a set of queries (0..1). */
export interface TravelMetrics {
  queries: number;
  deliveryRate: number;
  commonsenseMicro: number;
  commonsenseMacro: number;
  hardMicro: number;
  hardMacro: number;
  finalPassRate: number;
}

/** `summary.json` of `memp bench travelplanner run`: the evaluator's metrics at the top, then usage and detail. */
export interface TravelRunSummary extends TravelMetrics {
  config: Record<string, unknown>;
  /** Metrics per level (easy/medium/hard) over the queries run. */
  byLevel: Record<string, TravelMetrics>;
  tokens: { input: number; output: number };
  calls: number;
  steps: { total: number; mean: number };
  memoryBuild: { trajectories: number; memories: number };
  /** Active memories after the run's last episode (per fold engine, the last one). */
  finalMemorySize: number;
  byConstraint: TravelScores['byConstraint'];
  counts: TravelScores['counts'];
  durationMs: number;
  usage?: { input: number; output: number; calls: number };
  stopped?: { code: string; message: string; after: number };
  notes: string[];
}

function metrics(scores: TravelScores): TravelMetrics {
  const { queries, deliveryRate, commonsenseMicro, commonsenseMacro, hardMicro, hardMacro, finalPassRate } = scores;
  return { queries, deliveryRate, commonsenseMicro, commonsenseMacro, hardMicro, hardMacro, finalPassRate };
}

/**
 * Scores a run's episodes with the official evaluator over the queries that were run (all of them unless a token
 * budget stopped the run) and gathers usage and notes.
 */
export function summarizeTravelRun(options: {
  db: TravelDatabase;
  queries: readonly TravelQuery[];
  episodes: readonly TravelEpisode[];
  config: Record<string, unknown>;
  memoryBuild: { trajectories: number; memories: number };
  durationMs: number;
  usage?: { input: number; output: number; calls: number };
  stopped?: MempError;
}): TravelRunSummary {
  const { db, episodes } = options;
  const ran = new Set(episodes.map((e) => e.idx));
  const queries = options.queries.filter((q) => ran.has(q.idx));
  const plans = queries.map((q, i) => ({
    line: i + 1,
    idx: q.idx,
    plan: episodes.find((e) => e.idx === q.idx)?.plan ?? null,
  }));
  const { scores, evaluations } = evaluateSubmission({ db, queries, plans });
  const byLevel: Record<string, TravelMetrics> = {};
  for (const level of ['easy', 'medium', 'hard']) {
    const at = queries.map((q, i) => [q, i] as const).filter(([q]) => q.level === level);
    if (at.length === 0) continue;
    byLevel[level] = metrics(
      scoreEvaluations({
        queries: at.map(([q]) => q),
        evaluations: at.map(([, i]) => evaluations[i] as (typeof evaluations)[number]),
      }),
    );
  }
  const tokens = episodes.reduce((t, e) => ({ input: t.input + e.tokens.input, output: t.output + e.tokens.output }), {
    input: 0,
    output: 0,
  });
  const steps = episodes.reduce((n, e) => n + e.steps, 0);
  const notes: string[] = [];
  if (options.config['memoryFrom'] === 'gold') {
    notes.push(
      `Memory from gold plans with ${String(options.config['folds'])}-fold splits over the ${options.queries.length > 0 ? 45 : 0} train queries (seed ${String(options.config['seed'])}): each query is planned with memory built from the gold plans of the other folds only — no query ever retrieves its own gold plan.`,
    );
  } else if (typeof options.config['memoryFrom'] === 'string') {
    const file = options.config['memoryFile'] as { unknownOrigin?: number; trajectories?: number } | undefined;
    notes.push(
      `Memory loaded from a file; none of its trajectories records the evaluated split or queries (checked)${file?.unknownOrigin ? `, but ${file.unknownOrigin} of ${String(file.trajectories)} record no origin at all` : ''}.`,
    );
  }
  if (options.config['update'] !== null)
    notes.push(
      `Online: every episode is learned right after it under ${String(options.config['update'])} (failed constraints recorded on the trajectory for Adjustment).`,
    );
  if (options.config['agent'] === 'llm')
    notes.push(
      "memp's LLM planners answer the plan as JSON directly, parsed with a validated schema (one retry, then PROVIDER_OUTPUT_INVALID); the official pipeline instead writes a natural-language plan and has GPT-4 convert it to JSON.",
    );
  if (options.config['control'] === 'unlike-query')
    notes.push(
      'Control: in place of retrieval, k memories of queries unlike each evaluated one (other trip length, none of its cities, no constraint value in common).',
    );
  if (options.config['agent'] === 'offline')
    notes.push(
      "The offline learning planner: no model and no constraint semantics; it knows the plan format, the query's fields and the reference information, plans naively without memory, and takes the plan structure, the plan properties, the filters (relations observed on remembered plans) and the items that worked from retrieved memory (see README, TravelPlanner).",
    );
  if (options.config['agent'] === 'rule-informed')
    notes.push(
      "The rule-informed planner: no model; the constraints' meanings are written by hand (copying the evaluator's checks: minimum nights, house rule, room type, cuisine away from the origin, transport modes, the budget with 5-seat cars, 4-seat taxis and rooms of maximum occupancy); memory only switches them on and supplies the structure.",
    );
  notes.push(
    "Flights are looked up in the flights of the train queries' reference information (the official flight database is not distributed with the data).",
  );
  if (options.stopped)
    notes.push(
      `Stopped by ${options.stopped.code} after ${episodes.length} episode(s); the metrics cover the queries run.`,
    );
  return {
    ...metrics(scores),
    config: options.config,
    byLevel,
    tokens,
    calls: episodes.reduce((n, e) => n + e.calls, 0),
    steps: { total: steps, mean: episodes.length === 0 ? 0 : steps / episodes.length },
    memoryBuild: options.memoryBuild,
    finalMemorySize: episodes[episodes.length - 1]?.memorySize ?? 0,
    byConstraint: scores.byConstraint,
    counts: scores.counts,
    durationMs: options.durationMs,
    ...(options.usage ? { usage: options.usage } : {}),
    ...(options.stopped
      ? { stopped: { code: options.stopped.code, message: options.stopped.message, after: episodes.length } }
      : {}),
    notes,
  };
}
