import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MempError } from 'memp';
import { fieldOf, memorySourceName } from '../../shared/memory-source-spec.js';
import { silentProgress, type ProgressReporter } from '../../shared/progress-reporter.js';
import { sampleStratified } from '../../shared/stratified-sample.js';
import type { SweepAxis, TokenPrices } from '../../shared/sweep-axis.js';
import { costOf, sweepAxisLabel } from '../../shared/sweep-axis.js';
import type { SweepMetric, SweepPoint, SweepReportData } from '../../shared/sweep-summary.js';
import { type SweepReportPaths, writeSweepReport } from '../../shared/write-sweep-report.js';
import type { AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { defaultAlfworldBenchDeps } from './alfworld-bench-deps.js';
import { type ResolvedSweepSource, resolveSweepSource, slugOf, writeTrajectories } from './alfworld-sweep-sources.js';
import type { AlfworldRunSettings } from './bench-options.js';
import type { BenchSummary } from './bench-summary.js';
import type { ReplayCache } from './build-run-memory.js';
import { observationText } from './report-markdown.js';
import { runAlfworldBench } from './run-alfworld-bench.js';
import { type ComparisonPaths, writeComparison } from './write-comparison.js';

/** Options of {@link runAlfworldSweep}. */
export interface RunAlfworldSweepOptions {
  /** Settings of every run (the policies, k, memory source…); the axis and the seed override theirs. */
  base: AlfworldRunSettings;
  axis: SweepAxis;
  /** Seeds: every point runs once per seed. */
  seeds: readonly number[];
  /** Add a no-memory run per seed (the reference line, and the base of the source sweep's benefit). Default true. */
  baseline?: boolean;
  /** Trajectory field naming a trajectory's family, to stratify memory-size samples by. Default `meta.taskType`. */
  stratifyBy?: string;
  /** USD per million input / output tokens, for the cost column of LLM runs. */
  prices?: TokenPrices;
  out: string;
  /**
   * Keep the runs a previous sweep into `out` completed (their `summary.json`, when its seed, k and agent match and
   * the run was not cut short) instead of running them again. Default false: every run is run.
   */
  resume?: boolean;
  progress?: ProgressReporter;
  deps?: AlfworldBenchDeps;
  onRun?: (summary: BenchSummary, index: number, total: number) => void;
}

/** What a sweep produced: every run's summary, the comparison of all runs and the sweep report. */
export interface AlfworldSweepResult {
  rows: BenchSummary[];
  points: SweepPoint[];
  paths: ComparisonPaths & { sweep: SweepReportPaths };
  error?: MempError;
}

/** One run a sweep plans: where it goes on the chart and its settings (the memory source resolved at run time). */
interface PlannedRun {
  point: string;
  x: number;
  seed: number;
  slug: string;
  label: string;
  settings: AlfworldRunSettings;
  /** Resolves the memory source just before the run (sampling, filtering, the own-memory run). */
  source?: () => Promise<ResolvedSweepSource>;
}

/**
 * Runs a sweep on ALFWorld: one run per value of the axis (k, memory size, or memory source) and per seed, plus a
 * no-memory run per seed, each in its own directory under `out`; then writes the usual comparison of all runs
 * (`comparison.{md,html,json}`) and the sweep report (`sweep.{md,html,json}`: mean and spread over the seeds per point,
 * charted against the axis). Memory sizes are seeded samples of the memory source, stratified by `stratifyBy`.
 * A spent token budget stops the sweep after the run it happened in (`error`) and reports the runs so far.
 */
export async function runAlfworldSweep(options: RunAlfworldSweepOptions): Promise<AlfworldSweepResult> {
  const { base, axis } = options;
  const dir = resolve(options.out);
  const deps = options.deps ?? defaultAlfworldBenchDeps;
  const replays: ReplayCache = new Map();
  const context = {
    base,
    deps,
    replays,
    own: new Map(),
    dir,
    ...(options.resume ? { resume: true } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  };
  const plans = planRuns(options, context);
  const rows: BenchSummary[] = [];
  const runDirs: string[] = [];
  const runs: Array<{ plan: PlannedRun; summary: BenchSummary; source?: ResolvedSweepSource }> = [];
  let error: MempError | undefined;
  for (const [i, plan] of plans.entries()) {
    const source = plan.source ? await plan.source() : undefined;
    const settings = source ? { ...plan.settings, memoryFrom: source.memoryFrom } : plan.settings;
    const runDir = join(dir, plan.slug);
    const kept = options.resume ? keptSummary(runDir, settings) : undefined;
    const run =
      kept === undefined
        ? await runAlfworldBench({
            settings,
            out: runDir,
            runId: plan.slug,
            label: plan.label,
            progress: options.progress ?? silentProgress,
            replayCache: replays,
            deps,
          })
        : { summary: kept, dir: runDir };
    rows.push(run.summary);
    runDirs.push(run.dir);
    runs.push({ plan, summary: run.summary, ...(source ? { source } : {}) });
    options.onRun?.(run.summary, i, plans.length);
    if ('error' in run && run.error) {
      error = run.error;
      break;
    }
  }
  const { points, baseline } = collectPoints(runs, options.prices);
  const subtitle =
    `agent ${base.agent} (${observationText(base.observation)}) · split ${base.split} · ${base.mode} mode · ` +
    `${base.build} · Key=${base.retrieve}${base.mode === 'online' ? ` · ${base.update}` : ''}` +
    `${axis.name === 'memory-from' ? '' : ` · memory from ${base.memoryFrom ?? 'none'}`}` +
    `${axis.name === 'k' ? '' : ` · k=${base.k}`} · seeds ${options.seeds.join(',')} · ${rows[0]?.episodes ?? 0} episodes per run` +
    `${base.model ? ` · model ${rows.find((r) => r.config.model)?.config.model ?? base.model.spec}` : ''}`;
  const notes = [
    ...(error ? [`The sweep stopped early: ${error.message}. ${rows.length} of ${plans.length} runs are shown.`] : []),
    ...(axis.name === 'memory-size'
      ? [
          `Memory of each size: a seeded sample of ${base.memoryFrom ?? ''}, stratified by ${options.stratifyBy ?? 'meta.taskType'} (each family keeps its share).`,
        ]
      : []),
    ...(axis.name === 'memory-from'
      ? [
          "x axis of the charts: the source's own success rate (the strength of the agent that wrote the memory); benefit = success rate with that memory minus without memory, same seed.",
        ]
      : []),
  ];
  const data: SweepReportData = {
    title: `memp · ALFWorld ${base.split} · success against ${sweepAxisLabel(axis.name)}`,
    subtitle,
    axis: { key: axis.name, label: sweepAxisLabel(axis.name), log: axis.name === 'memory-size' },
    metrics: alfworldSweepMetrics(axis, rows, options.prices),
    points,
    ...(baseline ? { baseline } : {}),
    notes,
  };
  const sweep = writeSweepReport({ dir, data });
  const comparison = writeComparison({
    dir,
    title: data.title,
    subtitle,
    rows,
    runDirs,
    notes: [...notes, `Sweep report (mean and spread per point, charts against the axis): sweep.html, sweep.md.`],
  });
  return { rows, points, paths: { ...comparison, sweep }, ...(error ? { error } : {}) };
}

/** The summary a previous sweep left in `runDir` for these settings, or undefined (none, cut short, or other settings). */
function keptSummary(runDir: string, settings: AlfworldRunSettings): BenchSummary | undefined {
  const file = join(runDir, 'summary.json');
  if (!existsSync(file)) return undefined;
  let summary: BenchSummary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as BenchSummary;
  } catch {
    return undefined;
  }
  const { config } = summary;
  const same =
    config?.seed === settings.seed &&
    config.k === settings.k &&
    config.agent === settings.agent &&
    config.memory === !settings.noMemory &&
    config.split === settings.split;
  return same && summary.stopped === undefined ? summary : undefined;
}

/** The runs of a sweep in order: the no-memory runs first, then each point with each seed. */
function planRuns(options: RunAlfworldSweepOptions, context: Parameters<typeof resolveSweepSource>[2]): PlannedRun[] {
  const { base, axis, seeds } = options;
  const { control: _noControl, memoryFrom: _source, ...policyBase } = base;
  const plans: PlannedRun[] = [];
  if (options.baseline ?? true) {
    for (const seed of seeds)
      plans.push({
        point: 'no memory',
        x: Number.NaN,
        seed,
        slug: `no-memory-s${seed}`,
        label: `No memory · seed ${seed}`,
        settings: { ...policyBase, seed, noMemory: true, mode: 'offline' },
      });
  }
  const withSource = { ...policyBase, noMemory: false };
  if (axis.name === 'k') {
    for (const k of axis.values)
      for (const seed of seeds)
        plans.push({
          point: String(k),
          x: k,
          seed,
          slug: `k${k}-s${seed}`,
          label: `k=${k} · seed ${seed}`,
          settings: {
            ...policyBase,
            ...(base.memoryFrom === undefined ? {} : { memoryFrom: base.memoryFrom }),
            k,
            seed,
          },
        });
    return plans;
  }
  if (axis.name === 'memory-size') {
    const spec = axis.source;
    const field = options.stratifyBy ?? 'meta.taskType';
    for (const size of axis.values)
      for (const seed of seeds)
        plans.push({
          point: String(size),
          x: size,
          seed,
          slug: `size${size}-s${seed}`,
          label: `${size} memories · seed ${seed}`,
          settings: { ...withSource, seed },
          source: async () => {
            const whole = await resolveSweepSource(spec, seed, context, true);
            const items = whole.items ?? [];
            if (size > items.length)
              throw new MempError(
                'INVALID_ARGUMENT',
                `--memory-sizes ${size} is more than the ${items.length} trajectories of ${spec.text}`,
                { details: { field: '--memory-sizes' } },
              );
            const sample = sampleStratified({
              items,
              size,
              seed,
              familyOf: (t) => String(fieldOf(t, field) ?? ''),
            });
            const file = join(context.dir, 'sources', `${slugOf(spec.text)}-${size}-s${seed}.jsonl`);
            writeTrajectories(file, sample);
            return { ...whole, memoryFrom: file, trajectories: sample.length, items: sample };
          },
        });
    return plans;
  }
  for (const spec of axis.values)
    for (const seed of seeds)
      plans.push({
        point: memorySourceName(spec),
        x: Number.NaN,
        seed,
        slug: `from-${slugOf(spec.text)}-s${seed}`,
        label: `memory from ${memorySourceName(spec)} · seed ${seed}`,
        settings: { ...withSource, seed },
        source: () => resolveSweepSource(spec, seed, context),
      });
  return plans;
}

/** Groups the runs into points (mean x per point for the source sweep) and the baseline, with each run's figures. */
function collectPoints(
  runs: ReadonlyArray<{ plan: PlannedRun; summary: BenchSummary; source?: ResolvedSweepSource }>,
  prices: TokenPrices | undefined,
): { points: SweepPoint[]; baseline?: SweepPoint } {
  const baselineBySeed = new Map(
    runs.filter((r) => r.plan.point === 'no memory').map((r) => [r.plan.seed, r.summary.successRate]),
  );
  const byPoint = new Map<string, SweepPoint & { xs: number[] }>();
  for (const { plan, summary, source } of runs) {
    const none = baselineBySeed.get(plan.seed);
    const hasMemory = plan.point !== 'no memory';
    const metrics: Record<string, number | undefined> = {
      successRate: summary.successRate,
      meanSteps: summary.meanSteps,
      memoryTokensMean: hasMemory ? summary.memoryTokens?.mean : undefined,
      memoryTokensP95: hasMemory ? summary.memoryTokens?.p95 : undefined,
      memories: hasMemory ? summary.memory.initial : undefined,
      sourceSuccessRate: source?.successRate,
      benefit: none === undefined || !hasMemory ? undefined : summary.successRate - none,
      tokensIn: summary.tokens.input,
      tokensOut: summary.tokens.output,
      costUsd: costOf(summary.tokens, prices),
    };
    const point = byPoint.get(plan.point) ?? { name: plan.point, x: plan.x, runs: [], xs: [] };
    point.runs.push({ seed: plan.seed, label: summary.label, metrics });
    if (source?.successRate !== undefined) point.xs.push(source.successRate);
    byPoint.set(plan.point, point);
  }
  const all = [...byPoint.values()].map(({ xs, ...p }) => ({
    ...p,
    x: Number.isNaN(p.x) && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : p.x,
  }));
  const baseline = all.find((p) => p.name === 'no memory');
  const points = all
    .filter((p) => p.name !== 'no memory')
    .sort((a, b) => (Number.isNaN(a.x) ? 1 : Number.isNaN(b.x) ? -1 : a.x - b.x));
  return { points, ...(baseline ? { baseline } : {}) };
}

/** The figures a sweep reports on ALFWorld, charted against its axis; model usage only when a model ran. */
function alfworldSweepMetrics(
  axis: SweepAxis,
  rows: readonly BenchSummary[],
  prices: TokenPrices | undefined,
): SweepMetric[] {
  const usage = rows.some((r) => r.calls > 0 || r.config.model !== undefined);
  return [
    { key: 'successRate', label: 'success rate', format: 'rate' },
    ...(axis.name === 'memory-from'
      ? [
          { key: 'benefit', label: 'benefit over no memory', format: 'rate' as const },
          { key: 'sourceSuccessRate', label: "source's own success rate", format: 'rate' as const, chart: false },
        ]
      : []),
    { key: 'meanSteps', label: 'mean steps', format: 'number', lowerIsBetter: true },
    { key: 'memoryTokensMean', label: 'memory tokens (mean)', format: 'number', chart: axis.name === 'k' },
    { key: 'memoryTokensP95', label: 'memory tokens (p95)', format: 'integer', chart: axis.name === 'k' },
    { key: 'memories', label: 'memories', format: 'integer', chart: false },
    ...(usage
      ? [
          { key: 'tokensIn', label: 'tokens in', format: 'integer' as const, chart: false },
          { key: 'tokensOut', label: 'tokens out', format: 'integer' as const, chart: false },
          ...(prices ? [{ key: 'costUsd', label: 'cost (USD)', format: 'usd' as const, chart: false }] : []),
        ]
      : []),
  ];
}
