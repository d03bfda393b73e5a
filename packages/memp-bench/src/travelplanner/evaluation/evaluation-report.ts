import { escapeHtml } from '../../alfworld/bench/report-html.js';
import { loadUplotAssets } from '../../shared/uplot-assets.js';
import type { ConstraintTally, TravelScores } from './score-evaluations.js';

/** What a TravelPlanner report shows besides the scores. */
export interface EvaluationReportOptions {
  title: string;
  /** One line under the title (plan file, data, mode). */
  subtitle: string;
  scores: TravelScores;
  /** Paragraphs under the metrics (non-strict fixes, crashes, ignored lines, …). */
  notes: readonly string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const METRICS: Array<[keyof TravelScores, string]> = [
  ['deliveryRate', 'Delivery'],
  ['commonsenseMicro', 'CS micro'],
  ['commonsenseMacro', 'CS macro'],
  ['hardMicro', 'HC micro'],
  ['hardMacro', 'HC macro'],
  ['finalPassRate', 'Final'],
];

function cell(t: { passed: number; total: number }): string {
  return t.total === 0 ? '–' : `${t.passed}/${t.total}`;
}

function constraintRows(group: Record<string, ConstraintTally>): string[][] {
  return Object.entries(group).map(([name, t]) => [
    name,
    cell(t),
    ...['easy', 'medium', 'hard'].map((l) => cell(t.byLevel[l] ?? { passed: 0, total: 0 })),
    ...['3', '5', '7'].map((d) => cell(t.byDays[d] ?? { passed: 0, total: 0 })),
  ]);
}

const CONSTRAINT_HEAD = ['Constraint', 'All', 'Easy', 'Medium', 'Hard', '3 days', '5 days', '7 days'];

function mdTable(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The evaluation as markdown: the six metrics, then pass counts per constraint by level and by trip length. */
export function renderEvaluationMarkdown(options: EvaluationReportOptions): string {
  const s = options.scores;
  return [
    `# ${options.title}`,
    '',
    options.subtitle,
    '',
    mdTable(
      METRICS.map(([, l]) => l),
      [METRICS.map(([k]) => pct(s[k] as number))],
    ),
    '',
    `${s.delivered}/${s.queries} delivered · commonsense ${s.counts.commonsensePassed}/${s.counts.commonsenseChecks} checks, ${s.counts.commonsensePlans} plans · ` +
      `hard ${s.counts.hardPassed}/${s.counts.hardChecks} checks, ${s.counts.hardPlans} plans · final ${s.counts.finalPlans} plans`,
    '',
    ...options.notes.flatMap((n) => [n, '']),
    '## Commonsense constraints (passed / queries)',
    '',
    mdTable(CONSTRAINT_HEAD, constraintRows(s.byConstraint.commonsense)),
    '',
    '## Hard constraints (passed / queries that ask for it)',
    '',
    mdTable(CONSTRAINT_HEAD, constraintRows(s.byConstraint.hard)),
    '',
    'Hard constraints are checked only on plans that pass Complete Information and Within Sandbox.',
    '',
  ].join('\n');
}

function htmlTable(head: string[], rows: string[][]): string {
  return (
    `<div class="table"><table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows
      .map(
        (r) =>
          `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
      )
      .join('') +
    '</tbody></table></div>'
  );
}

/** A self-contained HTML report (uPlot inlined): metrics, per-constraint tables, a chart of pass rates per constraint and level. */
export function renderEvaluationHtml(options: EvaluationReportOptions): string {
  const s = options.scores;
  const uplot = loadUplotAssets();
  const names = [...Object.keys(s.byConstraint.commonsense), ...Object.keys(s.byConstraint.hard)];
  const all = { ...s.byConstraint.commonsense, ...s.byConstraint.hard };
  const series = ['easy', 'medium', 'hard'].map((l) =>
    names.map((n) => {
      const t = all[n]?.byLevel[l];
      return t && t.total > 0 ? t.passed / t.total : null;
    }),
  );
  const data = JSON.stringify({ names, series }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${uplot.css}</style>
<style>body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#1d2330;background:#f6f7f9}main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 10px}.sub,.note{color:#5b6472;margin:4px 0}
.table{overflow-x:auto;background:#fff;border:1px solid #e0e3e8;border-radius:8px}table{border-collapse:collapse;width:100%}
th,td{padding:6px 10px;border-bottom:1px solid #eef0f3;text-align:right}th[scope=row],thead th:first-child{text-align:left}</style>
</head><body><main>
<h1>${escapeHtml(options.title)}</h1>
<p class="sub">${escapeHtml(options.subtitle)}</p>
<h2>Metrics</h2>
${htmlTable(
  METRICS.map(([, l]) => l),
  [METRICS.map(([k]) => pct(s[k] as number))],
)}
<p class="note">${s.delivered}/${s.queries} delivered · commonsense ${s.counts.commonsensePassed}/${s.counts.commonsenseChecks} checks · hard ${s.counts.hardPassed}/${s.counts.hardChecks} checks · final ${s.counts.finalPlans} plans</p>
${options.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
<h2>Pass rate per constraint and level</h2>
<div id="chart"></div>
<h2>Commonsense constraints (passed / queries)</h2>
${htmlTable(CONSTRAINT_HEAD, constraintRows(s.byConstraint.commonsense))}
<h2>Hard constraints (passed / queries that ask for it)</h2>
${htmlTable(CONSTRAINT_HEAD, constraintRows(s.byConstraint.hard))}
<p class="note">Hard constraints are checked only on plans that pass Complete Information and Within Sandbox.</p>
</main>
<script type="application/json" id="memp-data">${data}</script>
<script>${uplot.js}</script>
<script>
(function () {
  var d = JSON.parse(document.getElementById('memp-data').textContent);
  var xs = d.names.map(function (_, i) { return i; });
  var colors = ['#2f7ed8', '#e8a33d', '#c0392b'];
  var opts = { width: Math.min(1040, window.innerWidth - 60), height: 320,
    scales: { x: { time: false }, y: { range: [0, 1] } },
    axes: [{ values: function (u, v) { return v.map(function (i) { return d.names[i] || ''; }); }, rotate: 0, size: 60 }, {}],
    series: [{}].concat(['easy', 'medium', 'hard'].map(function (l, i) { return { label: l, stroke: colors[i], points: { size: 8 } }; })) };
  new uPlot(opts, [xs].concat(d.series), document.getElementById('chart'));
})();
</script>
</body></html>
`;
}
