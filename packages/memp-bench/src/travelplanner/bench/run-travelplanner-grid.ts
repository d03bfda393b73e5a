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
import { travelRunLabel } from './write-travel-run-outputs.js';

/**
 * `memp bench grid --env travelplanner`: the no-memory baseline, then offline memory from the gold plans (k-fold) for
 * every Build × Retrieve pair, then online runs (gold k-fold memory, updated after every episode) for every update
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
  out: string;
  onRun?: (summary: TravelRunSummary, label: string, index: number, total: number) => void;
}): Promise<{
  rows: Array<{ label: string; summary: TravelRunSummary }>;
  paths: Record<string, string>;
  error?: MempError;
}> {
  const plans: Array<Pick<TravelplannerRunOptions, 'build' | 'retrieve' | 'update' | 'memoryFrom' | 'rank'>> = [];
  if (options.baseline) plans.push({});
  const ranks = options.ranks ?? ['similarity'];
  for (const build of options.builds)
    for (const retrieve of options.retrieves)
      for (const rank of ranks) plans.push({ memoryFrom: 'gold', build, retrieve, rank });
  const build = options.builds.includes('proceduralization') ? 'proceduralization' : options.builds[0];
  const retrieve = options.retrieves.includes('query') ? 'query' : options.retrieves[0];
  for (const update of options.updates)
    for (const rank of ranks)
      plans.push({
        memoryFrom: 'gold',
        update,
        rank,
        ...(build ? { build } : {}),
        ...(retrieve ? { retrieve } : {}),
      });
  const dir = resolve(options.out);
  const rows: Array<{ label: string; summary: TravelRunSummary }> = [];
  let error: MempError | undefined;
  for (const [i, plan] of plans.entries()) {
    const name = [
      plan.build ?? 'none',
      plan.retrieve ?? '',
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
  const notes = rows[rows.length - 1]?.summary.notes.filter((n) => !n.startsWith('Online')) ?? [];
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
      ['# TravelPlanner grid', '', travelMarkdownTable(table), '', ...notes.map((n) => `- ${n}`), ''].join('\n'),
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
