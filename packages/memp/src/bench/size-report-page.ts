import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WorkloadSizeFigures } from './workload-size-bench.js';

/** One line of a chart: a label and its y value at each x of the chart (null where not measured). */
export interface SizeSeries {
  label: string;
  /** The workload it belongs to (one colour per workload on the page). */
  workload: string;
  /** Its place among the workload's lines of the chart (one line style per place). */
  line: number;
  values: (number | null)[];
}

/** One chart of the size page: the memory counts (x, log axis) and its lines. */
export interface SizeChart {
  id: string;
  title: string;
  yLabel: string;
  sizes: number[];
  series: SizeSeries[];
}

/** A figure of one measured point, as the charts plot it. */
const MEASURES: {
  id: string;
  title: string;
  yLabel: string;
  lines: { suffix: string; value: (f: WorkloadSizeFigures) => number }[];
}[] = [
  {
    id: 'retrieve',
    title: 'memp.retrieve latency (Key=Query, k = 10)',
    yLabel: 'ms',
    lines: [
      { suffix: 'exact p50', value: (f) => f.exactRetrieve.p50 },
      { suffix: 'exact p99', value: (f) => f.exactRetrieve.p99 },
      { suffix: 'HNSW p50', value: (f) => f.approximateRetrieve.p50 },
      { suffix: 'HNSW p99', value: (f) => f.approximateRetrieve.p99 },
    ],
  },
  {
    id: 'learn',
    title: 'learn throughput (memp.learnBatch of 1,000, from an empty store)',
    yLabel: 'trajectories / s',
    lines: [{ suffix: '', value: (f) => f.learnPerSecond }],
  },
  {
    id: 'bytes',
    title: 'bytes on disk per memory (SQLite file, WAL and index files)',
    yLabel: 'bytes',
    lines: [{ suffix: '', value: (f) => f.bytesPerMemory }],
  },
  {
    id: 'recall',
    title: 'recall@10 of the HNSW path against the exact scan (ties at the 10th score count)',
    yLabel: 'recall@10',
    lines: [{ suffix: '', value: (f) => f.recallAt10 }],
  },
];

/**
 * The charts of the size page from measured points: x is every measured memory count (ascending), one line per
 * workload and figure (null where a workload was not measured at a size).
 */
export function sizeCharts(points: readonly WorkloadSizeFigures[]): SizeChart[] {
  const sizes = [...new Set(points.map((p) => p.memories))].sort((a, b) => a - b);
  const workloads = [...new Set(points.map((p) => p.workload))];
  return MEASURES.map((measure) => ({
    id: measure.id,
    title: measure.title,
    yLabel: measure.yLabel,
    sizes,
    series: workloads.flatMap((workload) =>
      measure.lines.map((line, place) => ({
        label: line.suffix ? `${workload} ${line.suffix}` : workload,
        workload,
        line: place,
        values: sizes.map((size) => {
          const point = points.find((p) => p.workload === workload && p.memories === size);
          return point === undefined ? null : line.value(point);
        }),
      })),
    ),
  }));
}

/** uPlot's browser build and stylesheet, read from the installed `uplot` package (a workspace dev dependency). */
export function readUplotAssets(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  try {
    return {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  } catch (error) {
    throw new Error(`the size page needs the uplot package (installed with the workspace): ${String(error)}`);
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** JSON that is safe inside a `<script>` element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const PAGE_SCRIPT = `
(function () {
  var charts = JSON.parse(document.getElementById('memp-size-data').textContent);
  var palette = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#9c755f', '#79706e'];
  // Within a workload (one colour): exact p50 thin solid, exact p99 thin dashed, HNSW p50 thick solid, HNSW p99 thick dotted.
  var styles = [{ dash: [], width: 1.5 }, { dash: [6, 4], width: 1.5 }, { dash: [], width: 3 }, { dash: [2, 3], width: 3 }];
  var fmt = function (v) { return v == null ? '–' : (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : (Math.round(v * 1000) / 1000).toString()); };
  var fmt4 = function (v) { return v == null ? '–' : v.toFixed(4); };
  charts.forEach(function (chart) {
    var el = document.getElementById('chart-' + chart.id);
    var linear = chart.id === 'recall';
    var workloads = [];
    chart.series.forEach(function (s) { if (workloads.indexOf(s.workload) < 0) workloads.push(s.workload); });
    var series = [{ label: 'memories', value: function (u, v) { return v == null ? '–' : v.toLocaleString('en-US'); } }];
    chart.series.forEach(function (s) {
      var style = styles[s.line % styles.length];
      series.push({ label: s.label, stroke: palette[workloads.indexOf(s.workload) % palette.length], width: style.width, dash: style.dash,
        spanGaps: true, points: { show: true, size: 7 }, value: function (u, v) { return linear ? fmt4(v) : fmt(v); } });
    });
    new uPlot({
      width: Math.max(360, el.parentNode.clientWidth - 24), height: 300, series: series,
      scales: { x: { time: false, distr: 3, log: 10 }, y: linear ? {} : { distr: 3, log: 10 } },
      axes: [{ label: 'memories (log)', values: function (u, vals) { return vals.map(function (v) { return v == null ? '' : v.toLocaleString('en-US'); }); } },
             { label: chart.yLabel + (linear ? '' : ' (log)'), size: 70, values: function (u, vals) { return vals.map(linear ? fmt4 : fmt); } }]
    }, [chart.sizes].concat(chart.series.map(function (s) { return s.values; })), el);
  });
})();
`;

/**
 * A self-contained HTML page (uPlot inlined, no network) plotting the size sweep of `npm run bench:core`: retrieve
 * p50/p99, learn throughput, bytes per memory and recall against the memory count, on log axes, with a table of
 * every figure.
 */
export function buildSizeReportPage(options: {
  points: readonly WorkloadSizeFigures[];
  title: string;
  notes: readonly string[];
  uplot: { js: string; css: string };
}): string {
  const charts = sizeCharts(options.points);
  const rows = options.points
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.workload)}</td><td>${p.memories.toLocaleString('en-US')}</td>` +
        `<td>${p.exactRetrieve.p50.toFixed(2)} / ${p.exactRetrieve.p99.toFixed(2)}</td>` +
        `<td>${p.approximateRetrieve.p50.toFixed(2)} / ${p.approximateRetrieve.p99.toFixed(2)}</td>` +
        `<td>${p.recallAt10.toFixed(4)}</td><td>${Math.round(p.learnPerSecond)}</td>` +
        `<td>${Math.round(p.bytesPerMemory)}</td><td>${p.queries}</td><td>${p.loadAverage.toFixed(2)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<style>${options.uplot.css}
body{font:14px system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
.chart{border:1px solid #ddd;border-radius:6px;padding:12px;margin:16px 0}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child{text-align:left}
</style></head><body>
<h1>${escapeHtml(options.title)}</h1>
${options.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
${charts.map((c) => `<div class="chart"><h2>${escapeHtml(c.title)}</h2><div id="chart-${c.id}"></div></div>`).join('\n')}
<h2>Figures</h2>
<table><thead><tr><th>workload</th><th>memories</th><th>retrieve exact p50 / p99 ms</th><th>retrieve HNSW p50 / p99 ms</th>
<th>recall@10</th><th>learn / s</th><th>bytes / memory</th><th>queries</th><th>load</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<script id="memp-size-data" type="application/json">${scriptJson(charts)}</script>
<script>${options.uplot.js}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
