import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { wrapError } from 'memp/internal';
import { type ProgressReporter, silentProgress } from '../../shared/progress-reporter.js';
import { constraintPassTable } from './constraint-pass-table.js';
import { runTravelplannerBench } from './run-travelplanner-bench.js';
import { type TravelReportRow, renderTravelReportHtml, travelMarkdownTable } from './travel-run-report.js';
import type { TravelRunSummary } from './travel-run-summary.js';

/** Options of {@link runTravelplannerDemo}. */
export interface RunTravelplannerDemoOptions {
  /** TravelPlanner data directory; default: found as `memp bench travelplanner run` finds it. */
  data?: string;
  /** Output directory (one directory per run, and the comparison). */
  out: string;
  /** Seed of the folds and ids. Default 1. */
  seed?: number;
  /** Folds of the gold-plan memory. Default 5. */
  folds?: number;
  /** Only the first N train queries. Default: all of them. */
  limit?: number;
  progress?: ProgressReporter;
  /** Called when a run starts (e.g. to print what is happening). */
  onRunStart?: (label: string, index: number, total: number) => void;
}

/** One run of the demo. */
export interface TravelplannerDemoRow {
  label: string;
  summary: TravelRunSummary;
  dir: string;
}

/** What the TravelPlanner demo produced. */
export interface TravelplannerDemoResult {
  rows: TravelplannerDemoRow[];
  paths: { dir: string; markdown: string; html: string };
}

/**
 * The TravelPlanner demo: the offline learning planner (no model, no constraint semantics) on the train queries with
 * no memory, with the control (memories of unlike queries), and with memory built from the gold plans (k-fold: a
 * query is planned by an engine whose memory holds the other folds' gold plans, never its own), then the
 * rule-informed planner with the same memory; scored by the official evaluator; writes each run's outputs under `out` and a
 * comparison (`comparison.md`, `comparison.html`). Errors: `NOT_FOUND` without the data, `STORAGE_FAILED` when the
 * comparison cannot be written.
 */
export async function runTravelplannerDemo(options: RunTravelplannerDemoOptions): Promise<TravelplannerDemoResult> {
  const dir = resolve(options.out);
  const seed = options.seed ?? 1;
  const folds = options.folds ?? 5;
  const common = {
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    split: 'train',
    agent: 'offline' as const,
    mode: 'sole-planning' as const,
    seed,
    progress: options.progress ?? silentProgress,
  };
  const gold = { memoryFrom: 'gold', folds, build: 'proceduralization' as const, retrieve: 'query' as const, k: 3 };
  const plans = [
    { slug: 'no-memory', label: 'No memory', extra: {} },
    {
      slug: 'control',
      label: `Control: memories of unlike queries (${folds} folds)`,
      extra: { ...gold, control: 'unlike-query' as const },
    },
    { slug: 'memory-gold', label: `Memory: gold plans (${folds} folds)`, extra: gold },
    {
      slug: 'rule-informed-gold',
      label: `Rule-informed planner (hand-written rules), memory: gold plans (${folds} folds)`,
      extra: { ...gold, agent: 'rule-informed' as const },
    },
  ];
  const rows: TravelplannerDemoRow[] = [];
  for (const [i, plan] of plans.entries()) {
    options.onRunStart?.(plan.label, i, plans.length);
    const out = join(dir, plan.slug);
    const { summary } = await runTravelplannerBench({ ...common, ...plan.extra, out });
    rows.push({ label: plan.label, summary, dir: out });
  }
  const table: TravelReportRow[] = rows.map((r) => ({
    label: r.label,
    metrics: r.summary,
    tokens: r.summary.tokens,
    calls: r.summary.calls,
    steps: r.summary.steps.total,
  }));
  const levels = ['easy', 'medium', 'hard'].map((level) => ({
    heading: `Level ${level}`,
    rows: rows
      .filter((r) => r.summary.byLevel[level])
      .map((r) => ({ label: r.label, metrics: r.summary.byLevel[level] as TravelRunSummary })),
  }));
  const title = 'memp demo travelplanner · offline planner with and without procedural memory';
  const subtitle = `${rows[0]?.summary.queries ?? 0} train queries · Proceduralization · Key=Query (k=3) · gold plans, ${folds} folds · seed ${seed}`;
  const notes = [
    "The offline planner uses no model and knows no constraint's meaning: without memory it plans naively (README: what it knows); with memory, the plan structure, the plan properties, the filters (relations observed on the gold plans) and the items that worked come from the retrieved procedures.",
    'The control retrieves k memories of queries unlike each one (other trip length, other cities, no constraint value in common): what memory gives when it is not about the query.',
    "The rule-informed planner has the constraints' meanings written by hand (copying the evaluator's checks); memory only switches them on. It is the reference the learning planner is measured against.",
    ...(rows[2]?.summary.notes.filter((n) => !n.startsWith('The offline learning planner')) ?? []),
  ];
  const paths = { dir, markdown: join(dir, 'comparison.md'), html: join(dir, 'comparison.html') };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      paths.markdown,
      [
        `# ${title}`,
        '',
        subtitle,
        '',
        travelMarkdownTable(table),
        '',
        ...notes.map((n) => `- ${n}`),
        '',
        '## Pass rate per constraint (passed/total, %)',
        '',
        constraintPassTable(rows),
        '',
      ].join('\n'),
    );
    writeFileSync(
      paths.html,
      renderTravelReportHtml({ title, subtitle, sections: [{ heading: 'Per run', rows: table }, ...levels], notes }),
    );
  } catch (e) {
    throw wrapError(e, 'STORAGE_FAILED', `cannot write the demo comparison to ${dir}`);
  }
  return { rows, paths };
}
