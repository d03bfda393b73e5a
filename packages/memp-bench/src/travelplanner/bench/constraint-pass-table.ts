import type { TravelRunSummary } from './travel-run-summary.js';

/**
 * A Markdown table of each constraint's pass rate per run, from the evaluator's `byConstraint` tallies: one row per
 * run, one column per commonsense then hard constraint, each cell `passed/total (rate %)`; `–` when a run has no
 * tally for it (e.g. a hard constraint no query of the run carries).
 */
export function constraintPassTable(rows: ReadonlyArray<{ label: string; summary: TravelRunSummary }>): string {
  const first = rows[0]?.summary.byConstraint;
  if (!first) return '';
  const columns = [
    ...Object.keys(first.commonsense).map((name) => ({ kind: 'commonsense' as const, name })),
    ...Object.keys(first.hard).map((name) => ({ kind: 'hard' as const, name })),
  ];
  const head = `| run | ${columns.map((c) => `${c.name}${c.kind === 'hard' ? ' (hard)' : ''}`).join(' | ')} |`;
  const rule = `| --- | ${columns.map(() => '---:').join(' | ')} |`;
  const body = rows.map((r) => {
    const cells = columns.map((c) => {
      const t = r.summary.byConstraint[c.kind][c.name];
      if (!t || t.total === 0) return '–';
      return `${t.passed}/${t.total} (${((100 * t.passed) / t.total).toFixed(1)})`;
    });
    return `| ${r.label} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}
