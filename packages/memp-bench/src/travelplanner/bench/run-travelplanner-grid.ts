import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMempError, type MempError } from 'memp';
import { wrapError } from 'memp/internal';
import type { BuildPolicyName } from 'memp';
import type { RetrievePolicyName } from 'memp';
import type { Ranking, UpdatePolicyName } from 'memp';
import { runTravelplannerBench, type TravelplannerRunOptions } from './run-travelplanner-bench.js';
import { type TravelReportRow, renderTravelReportHtml, travelMarkdownTable } from './travel-run-report.js';
import type { TravelRunSummary } from './travel-run-summary.js';
import { constraintPassTable } from './constraint-pass-table.js';
import { travelGridPlans } from './travel-grid-plans.js';
import { travelRunLabel } from './write-travel-run-outputs.js';

/**
 * `memp bench grid --env travelplanner`: the rows of {@link travelGridPlans} (the no-memory baseline, the control,
 * offline memory from the gold plans (k-fold) for every Build × Retrieve pair, online runs, the rule-informed
 * planner's rows) — online runs (gold k-fold memory, updated after every episode) for every update
 * policy with the preferred pair (proceduralization/query when listed, else the first of each list). Each run writes its
 * own directory; the grid writes `comparison.md`, `comparison.html` and `grid.json`. A spent token budget stops the
 * grid after the run it happened in (`error`).
 */
export async function runTravelplannerGrid(options: {
  base: Omit<TravelplannerRunOptions, 'build' | 'retrieve' | 'update' | 'memoryFrom' | 'out'>;
  builds: readonly BuildPolicyName[];
  retrieves: readonly RetrievePolicyName[];
  updates: readonly UpdatePolicyName[];
  /** Retrieval rankings: each memory row once per ranking. Default: similarity only. */
  ranks?: readonly Ranking[];
  baseline: boolean;
  /** Add the control row (memories of unlike queries, the preferred build). Default true. */
  control?: boolean;
  /** With the offline agent, add the rule-informed planner's rows (preferred pair, and its control). Default true. */
  ruleInformed?: boolean;
  out: string;
  onRun?: (summary: TravelRunSummary, label: string, index: number, total: number) => void;
}): Promise<{
  rows: Array<{ label: string; summary: TravelRunSummary }>;
  paths: Record<string, string>;
  error?: MempError;
}> {
  const plans = travelGridPlans(options);
  const dir = resolve(options.out);
  const rows: Array<{ label: string; summary: TravelRunSummary }> = [];
  let error: MempError | undefined;
  for (const [i, plan] of plans.entries()) {
    const name = [
      plan.agent === 'rule-informed' ? 'rule-informed' : '',
      plan.control ? 'control' : (plan.build ?? 'none'),
      plan.control ? '' : (plan.retrieve ?? ''),
      plan.update ?? '',
      plan.rank === 'utility' ? 'utility' : '',
    ]
      .filter(Boolean)
      .join('-');
    try {
      const { summary } = await runTravelplannerBench({
        ...options.base,
        ...plan,
        out: join(dir, `${String(i + 1).padStart(2, '0')}-${name}`),
      });
      const label = travelRunLabel(summary.config);
      rows.push({ label, summary });
      options.onRun?.(summary, label, i, plans.length);
      if (summary.stopped) break;
    } catch (e) {
      if (!isMempError(e, 'BUDGET_EXCEEDED')) throw e;
      error = e;
      break;
    }
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
  const notes = [
    ...new Set(rows.flatMap((r) => r.summary.notes.filter((n) => !n.startsWith('Online') && !n.startsWith('Control')))),
  ];
  if (rows.some((r) => r.summary.config['control'] !== undefined))
    notes.push(
      'Control rows: in place of retrieval, k memories of queries unlike each evaluated one (other trip length, none of its cities, no constraint value in common).',
    );
  const paths = {
    dir,
    markdown: join(dir, 'comparison.md'),
    html: join(dir, 'comparison.html'),
    json: join(dir, 'grid.json'),
  };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      paths.markdown,
      [
        '# TravelPlanner grid',
        '',
        travelMarkdownTable(table),
        '',
        ...notes.map((n) => `- ${n}`),
        '',
        "## Pass rate per constraint (the evaluator's byConstraint: passed/total, %)",
        '',
        constraintPassTable(rows),
        '',
      ].join('\n'),
    );
    writeFileSync(
      paths.html,
      renderTravelReportHtml({
        title: 'TravelPlanner grid',
        subtitle: `${rows.length} runs`,
        sections: [{ heading: 'Per policy', rows: table }, ...levels],
        notes,
      }),
    );
    writeFileSync(
      paths.json,
      `${JSON.stringify(
        rows.map((r) => ({ label: r.label, ...r.summary, byConstraint: undefined })),
        null,
        2,
      )}\n`,
    );
  } catch (e) {
    throw wrapError(e, 'STORAGE_FAILED', `cannot write the grid to ${dir}`);
  }
  return { rows, paths, ...(error ? { error } : {}) };
}
