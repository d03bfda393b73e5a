import { escapeHtml } from '../alfworld/bench/report-html.js';
import { loadUplotAssets } from './uplot-assets.js';
import { type SweepPoint, type SweepReportData, formatSpread, spreadOf } from './sweep-summary.js';

/**
 * A self-contained HTML page of a sweep: the table of mean ± spread per point, and one uPlot chart per figure
 * against the swept axis (log axis for memory sizes): the mean over the seeds as a line with points, the min–max
 * over the seeds as a shaded band, the no-memory baseline as a dashed line. uPlot is inlined: opens from disk.
 */
export function renderSweepHtml(data: SweepReportData): string {
  const uplot = loadUplotAssets();
  const charted = data.metrics.filter((m) => m.chart !== false);
  // a point without a place on the axis (a source whose success rate is unknown) is in the table only
  const placed = data.points.filter((p) => Number.isFinite(p.x));
  const chartData = {
    axis: data.axis,
    names: placed.map((p) => p.name),
    xs: placed.map((p) => p.x),
    charts: charted.map((m) => ({
      id: `chart-${m.key}`,
      label: m.label,
      format: m.format,
      mean: placed.map((p) => spreadOf(p.runs, m.key)?.mean ?? null),
      min: placed.map((p) => spreadOf(p.runs, m.key)?.min ?? null),
      max: placed.map((p) => spreadOf(p.runs, m.key)?.max ?? null),
      baseline: data.baseline ? (spreadOf(data.baseline.runs, m.key)?.mean ?? null) : null,
    })),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${uplot.css}</style>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(data.title)}</h1>
<p class="sub">${escapeHtml(data.subtitle)}</p>
<div class="grid">
${charted.map((m) => `<figure><figcaption>${escapeHtml(m.label)} against ${escapeHtml(data.axis.label)}</figcaption><div id="chart-${escapeHtml(m.key)}"></div></figure>`).join('\n')}
</div>
<p class="note">Line: mean over the seeds; band: min–max over the seeds${data.baseline ? '; dashed: no memory (mean)' : ''}.</p>
<h2>Points</h2>
${renderTable(data)}
${(data.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
</main>
<script type="application/json" id="sweep-data">${jsonForScript(chartData)}</script>
<script>${uplot.js}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function renderTable(data: SweepReportData): string {
  const head = [data.axis.label, 'Seeds', ...data.metrics.map((m) => m.label)];
  const row = (p: SweepPoint) =>
    `<tr><th scope="row">${escapeHtml(p.name)}</th><td>${p.runs.length}</td>${data.metrics
      .map((m) => `<td>${escapeHtml(formatSpread(spreadOf(p.runs, m.key), m.format))}</td>`)
      .join('')}</tr>`;
  return (
    `<div class="table"><table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    `${data.baseline ? row(data.baseline) : ''}${data.points.map(row).join('')}</tbody></table></div>` +
    '<p class="note">Each cell: mean ± standard deviation over the seeds (min–max).</p>'
  );
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('sweep-data').textContent);
  var fmts = {
    rate: function (v) { return (v * 100).toFixed(0) + '%'; },
    number: function (v) { return (Math.round(v * 10) / 10).toString(); },
    integer: function (v) { return Math.round(v).toString(); },
    usd: function (v) { return '$' + v.toFixed(4); }
  };
  var nameAt = function (x) { var i = data.xs.indexOf(x); return i < 0 ? String(x) : data.names[i]; };
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var fmt = fmts[c.format] || fmts.number;
    var series = [
      { label: data.axis.label, value: function (u, v) { return v == null ? '–' : nameAt(v); } },
      { label: 'max', stroke: 'rgba(78,121,167,0.35)', width: 1, dash: [4, 4], points: { show: false }, spanGaps: true,
        value: function (u, v) { return v == null ? '–' : fmt(v); } },
      { label: 'min', stroke: 'rgba(78,121,167,0.35)', width: 1, dash: [4, 4], points: { show: false }, spanGaps: true,
        value: function (u, v) { return v == null ? '–' : fmt(v); } },
      { label: 'mean', stroke: '#4e79a7', width: 2, points: { show: true, size: 7 }, spanGaps: true,
        value: function (u, v) { return v == null ? '–' : fmt(v); } }
    ];
    var cols = [data.xs, c.max, c.min, c.mean];
    if (c.baseline != null) {
      series.push({ label: 'no memory', stroke: '#e15759', width: 1.5, dash: [6, 4], points: { show: false },
        value: function (u, v) { return v == null ? '–' : fmt(v); } });
      cols.push(data.xs.map(function () { return c.baseline; }));
    }
    var all = c.max.concat(c.min, c.mean, [c.baseline]).filter(function (v) { return v != null; });
    var hi = all.length ? Math.max.apply(null, all) : 1;
    var lo = all.length ? Math.min.apply(null, all) : 0;
    var yRange = c.format === 'rate' && lo >= 0 ? [0, 1] : [Math.min(0, lo * 1.1), Math.max(1, hi * 1.12)];
    var xsOk = data.xs.filter(function (v) { return v != null && isFinite(v); });
    var xLo = Math.min.apply(null, xsOk), xHi = Math.max.apply(null, xsOk);
    var xPad = xHi > xLo ? (xHi - xLo) * 0.05 : 0.5;
    var x = data.axis.log
      ? { time: false, distr: 3, log: 10, range: function () { return [xLo / 1.4, xHi * 1.4]; } }
      : { time: false, range: function () { return [xLo - xPad, xHi + xPad]; } };
    new uPlot({
      width: Math.max(320, el.parentNode.clientWidth - 24), height: 280, series: series,
      bands: [{ series: [1, 2], fill: 'rgba(78,121,167,0.15)' }],
      scales: { x: x, y: { range: function () { return yRange; } } },
      axes: [
        { label: data.axis.label, splits: function () { return data.xs; }, filter: function (u, splits) { return splits; }, values: function (u, vals) { return vals.map(function (v) { return v == null ? '' : (data.axis.key === 'memory-from' ? fmts.rate(v) : String(v)); }); } },
        { label: c.label, values: function (u, vals) { return vals.map(fmt); } }
      ]
    }, cols, el);
  });
})();
`;

const STYLE = `
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 10px; color: #39414f; }
.sub, .note { color: #5b6472; margin: 4px 0; }
.table { overflow-x: auto; background: #fff; border: 1px solid #e0e3e8; border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 7px 10px; text-align: right; border-bottom: 1px solid #eef0f3; white-space: nowrap; }
thead th { background: #fafbfc; font-weight: 600; color: #39414f; }
tbody th { text-align: left; font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; margin-top: 16px; }
figure { margin: 0; background: #fff; border: 1px solid #e0e3e8; border-radius: 8px; padding: 10px 12px; }
figcaption { font-weight: 600; color: #39414f; margin-bottom: 6px; }
`;
