import { join, resolve } from 'node:path';
import { isMempError, MempError } from 'memp';
import { type SweepAxis, type TokenPrices, costOf, sweepAxisLabel } from '../../shared/sweep-axis.js';
import type { SweepMetric, SweepPoint, SweepReportData } from '../../shared/sweep-summary.js';
import { type SweepReportPaths, writeSweepReport } from '../../shared/write-sweep-report.js';
import { runTravelplannerBench, type TravelplannerRunOptions } from './run-travelplanner-bench.js';
import type { TravelRunSummary } from './travel-run-summary.js';

/** Options of {@link runTravelplannerSweep}. */
export interface RunTravelplannerSweepOptions {
  /** Options of every run (agent, policies, k, folds, limit…); the axis and the seed override theirs. */
  base: Omit<TravelplannerRunOptions, 'memoryFrom' | 'out' | 'seed' | 'memorySize'>;
  /** `k` or `memory-size` (gold plans per fold); TravelPlanner has one memory source, the gold plans. */
  axis: SweepAxis;
  seeds: readonly number[];
  /** Add a no-memory run per seed. Default true. */
  baseline?: boolean;
  prices?: TokenPrices;
  out: string;
  onRun?: (summary: TravelRunSummary, label: string, index: number, total: number) => void;
}

/** What a TravelPlanner sweep produced. */
export interface TravelplannerSweepResult {
  points: SweepPoint[];
  paths: SweepReportPaths & { dir: string };
  error?: MempError;
}

/**
 * Runs a sweep on TravelPlanner with memory from the gold plans, k-fold (a query is only ever helped by the gold
 * plans of the other folds): one run per k or per memory size (a seeded sample of each fold's gold plans, stratified
 * by level) and per seed, plus a no-memory run per seed; writes `sweep.{md,html,json}` with the official metrics'
 * mean and spread per point. A spent token budget stops the sweep after that run (`error`).
 */
export async function runTravelplannerSweep(options: RunTravelplannerSweepOptions): Promise<TravelplannerSweepResult> {
  const { axis, base } = options;
  if (axis.name === 'memory-from')
    throw new MempError(
      'INVALID_ARGUMENT',
      'TravelPlanner has one memory source here (the gold plans, k-fold): sweep --ks or --memory-sizes instead of --memory-from A,B,…',
      { details: { field: '--memory-from' } },
    );
  const dir = resolve(options.out);
  const plans: Array<{ point: string; x: number; seed: number; slug: string; options: TravelplannerRunOptions }> = [];
  if (options.baseline ?? true)
    for (const seed of options.seeds)
      plans.push({ point: 'no memory', x: Number.NaN, seed, slug: `no-memory-s${seed}`, options: { ...base, seed } });
  for (const value of axis.values)
    for (const seed of options.seeds) {
      const point = axis.name === 'k' ? { k: value } : { memorySize: value };
      plans.push({
        point: String(value),
        x: value,
        seed,
        slug: `${axis.name === 'k' ? 'k' : 'size'}${value}-s${seed}`,
        options: { ...base, ...point, memoryFrom: 'gold', seed },
      });
    }
  const byPoint = new Map<string, SweepPoint>();
  let error: MempError | undefined;
  for (const [i, plan] of plans.entries()) {
    let summary: TravelRunSummary;
    try {
      summary = (await runTravelplannerBench({ ...plan.options, out: join(dir, plan.slug) })).summary;
    } catch (e) {
      if (!isMempError(e, 'BUDGET_EXCEEDED')) throw e;
      error = e;
      break;
    }
    const label = plan.point === 'no memory' ? `No memory · seed ${plan.seed}` : `${plan.slug}`;
    options.onRun?.(summary, label, i, plans.length);
    const point = byPoint.get(plan.point) ?? { name: plan.point, x: plan.x, runs: [] };
    const metrics = travelMetrics(summary, options.prices);
    if (plan.point === 'no memory') metrics['memories'] = undefined;
    point.runs.push({ seed: plan.seed, label, metrics });
    byPoint.set(plan.point, point);
    if (summary.stopped) {
      error = new MempError('BUDGET_EXCEEDED', summary.stopped.message);
      break;
    }
  }
  const baseline = byPoint.get('no memory');
  const points = [...byPoint.values()].filter((p) => p.name !== 'no memory').sort((a, b) => a.x - b.x);
  const first = plans[0]?.options;
  const data: SweepReportData = {
    title: `memp · TravelPlanner ${base.split ?? 'train'} · final pass rate against ${sweepAxisLabel(axis.name)}`,
    subtitle:
      `agent ${base.agent ?? 'offline'} · ${base.mode ?? 'sole-planning'} · ${base.build ?? 'proceduralization'} · Key=${base.retrieve ?? 'query'}` +
      ` · memory from the gold plans, ${base.folds ?? 5} folds${axis.name === 'k' ? '' : ` · k=${base.k ?? 3}`}` +
      ` · seeds ${options.seeds.join(',')}${first?.limit === undefined ? '' : ` · first ${first.limit} queries`}`,
    axis: { key: axis.name, label: sweepAxisLabel(axis.name), log: axis.name === 'memory-size' },
    metrics: travelSweepMetrics(points, baseline, options.prices),
    points,
    ...(baseline ? { baseline } : {}),
    notes: [
      ...(error ? [`The sweep stopped early: ${error.message}.`] : []),
      ...(axis.name === 'memory-size'
        ? ['Memory size: gold plans learned per fold, a seeded sample of the fold’s gold plans stratified by level.']
        : []),
    ],
  };
  const paths = writeSweepReport({ dir, data });
  return { points, paths: { ...paths, dir }, ...(error ? { error } : {}) };
}

function travelMetrics(summary: TravelRunSummary, prices: TokenPrices | undefined): Record<string, number | undefined> {
  return {
    finalPassRate: summary.finalPassRate,
    deliveryRate: summary.deliveryRate,
    commonsenseMicro: summary.commonsenseMicro,
    hardMicro: summary.hardMicro,
    memories: summary.memoryBuild.trajectories,
    tokensIn: summary.tokens.input,
    tokensOut: summary.tokens.output,
    calls: summary.calls,
    costUsd: costOf(summary.tokens, prices),
  };
}

function travelSweepMetrics(
  points: readonly SweepPoint[],
  baseline: SweepPoint | undefined,
  prices: TokenPrices | undefined,
): SweepMetric[] {
  const runs = [...points, ...(baseline ? [baseline] : [])].flatMap((p) => p.runs);
  const usage = runs.some((r) => (r.metrics['calls'] ?? 0) > 0);
  return [
    { key: 'finalPassRate', label: 'final pass rate', format: 'rate' },
    { key: 'commonsenseMicro', label: 'commonsense micro', format: 'rate' },
    { key: 'hardMicro', label: 'hard constraint micro', format: 'rate' },
    { key: 'deliveryRate', label: 'delivery rate', format: 'rate', chart: false },
    { key: 'memories', label: 'gold plans learned (all folds)', format: 'integer', chart: false },
    ...(usage
      ? [
          { key: 'tokensIn', label: 'tokens in', format: 'integer' as const, chart: false },
          { key: 'tokensOut', label: 'tokens out', format: 'integer' as const, chart: false },
          ...(prices ? [{ key: 'costUsd', label: 'cost (USD)', format: 'usd' as const, chart: false }] : []),
        ]
      : []),
  ];
}
