import { escapeHtml } from '../../alfworld/bench/report-html.js';
import { loadUplotAssets } from '../../shared/uplot-assets.js';
import type { TravelMetrics } from './travel-run-summary.js';

/** One row of a TravelPlanner report: a label (a policy, a level) and its metrics, tokens, calls and steps. */
export interface TravelReportRow {
  label: string;
  metrics: TravelMetrics;
  tokens?: { input: number; output: number };
  calls?: number;
  steps?: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`;
const KEYS: Array<[keyof TravelMetrics, string]> = [
  ['deliveryRate', 'Delivery'],
  ['commonsenseMicro', 'CS micro'],
  ['commonsenseMacro', 'CS macro'],
  ['hardMicro', 'HC micro'],
  ['hardMacro', 'HC macro'],
  ['finalPassRate', 'Final'],
];

function cells(row: TravelReportRow): string[] {
  return [
    row.label,
    String(row.metrics.queries),
    ...KEYS.map(([k]) => pct(row.metrics[k])),
    row.tokens ? String(row.tokens.input + row.tokens.output) : '0',
    String(row.calls ?? 0),
    String(row.steps ?? 0),
  ];
}
const HEAD = ['', 'queries', ...KEYS.map(([, l]) => `${l} %`), 'tokens', 'calls', 'steps'];

/** The rows as a markdown table (metrics in %). */
export function travelMarkdownTable(rows: readonly TravelReportRow[]): string {
  return [
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).join(' | ')} |`),
  ].join('\n');
}

/**
 * A self-contained HTML report (uPlot inlined): one table per section (e.g. "per policy", "per level") and a chart
 * of the six metrics for the rows of each section.
 */
export function renderTravelReportHtml(options: {
  title: string;
  subtitle: string;
  sections: Array<{ heading: string; rows: TravelReportRow[] }>;
  notes: readonly string[];
}): string {
  const uplot = loadUplotAssets();
  const data = JSON.stringify({
    metrics: KEYS.map(([, l]) => l),
    sections: options.sections.map((s) => ({
      labels: s.rows.map((r) => r.label),
      values: s.rows.map((r) => KEYS.map(([k]) => r.metrics[k])),
    })),
  }).replace(/</g, '\\u003c');
  const table = (rows: TravelReportRow[]) =>
    `<div class="table"><table><thead><tr>${HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr>${cells(r)
            .map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`))
            .join('')}</tr>`,
      )
      .join('')}</tbody></table></div>`;
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
${options.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
${options.sections.map((s, i) => `<h2>${escapeHtml(s.heading)}</h2>\n${table(s.rows)}\n<div class="chart" id="chart-${i}"></div>`).join('\n')}
</main>
<script type="application/json" id="memp-data">${data}</script>
<script>${uplot.js}</script>
<script>
(function () {
  var d = JSON.parse(document.getElementById('memp-data').textContent);
  var colors = ['#2f7ed8', '#e8a33d', '#c0392b', '#27ae60', '#8e44ad', '#16a085', '#7f8c8d', '#d35400', '#2c3e50', '#f1c40f'];
  d.sections.forEach(function (s, n) {
    var xs = d.metrics.map(function (_, i) { return i; });
    var opts = { width: Math.min(1040, window.innerWidth - 60), height: 300,
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ values: function (u, v) { return v.map(function (i) { return d.metrics[i] || ''; }); } }, {}],
      series: [{}].concat(s.labels.map(function (l, i) { return { label: l, stroke: colors[i % colors.length], points: { size: 8 } }; })) };
    var series = s.labels.map(function (_, i) { return s.values[i]; });
    new uPlot(opts, [xs].concat(series), document.getElementById('chart-' + n));
  });
})();
</script>
</body></html>
`;
}
