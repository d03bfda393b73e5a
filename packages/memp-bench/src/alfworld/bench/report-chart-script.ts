/**
 * The browser script of the HTML report: reads the JSON in `#memp-data` and draws the uPlot charts
 * (learning curves as lines over episodes, per-task-type figures as grouped bars). Plain ES5, no imports.
 */
export function chartScript(): string {
  return CHART_SCRIPT;
}

const CHART_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('memp-data').textContent);
  var palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#79706e'];
  var pct = function (v) { return (v * 100).toFixed(0) + '%'; };
  var num = function (v) { return (Math.round(v * 10) / 10).toString(); };
  var int = function (v) { return Math.round(v).toString(); };
  function color(i) { return palette[i % palette.length]; }
  function width(el) { return Math.max(320, el.parentNode.clientWidth - 24); }
  function upTo(max) { return function (u, lo, hi) { return [0, max === undefined ? Math.max(1, hi * 1.12) : max]; }; }

  function lineChart(id, field, label, fmt, range) {
    var el = document.getElementById(id);
    var xs = [];
    data.runs.forEach(function (r) { r.batches.forEach(function (b) { if (xs.indexOf(b.x) < 0) xs.push(b.x); }); });
    xs.sort(function (a, b) { return a - b; });
    var cols = [xs];
    var series = [{ label: 'episodes' }];
    data.runs.forEach(function (r, i) {
      var at = {};
      r.batches.forEach(function (b) { at[b.x] = b[field]; });
      cols.push(xs.map(function (x) { return Object.prototype.hasOwnProperty.call(at, x) ? at[x] : null; }));
      series.push({
        label: r.label, stroke: color(i), width: 2, spanGaps: true, points: { show: true, size: 6 },
        value: function (u, v) { return v == null ? '–' : fmt(v); }
      });
    });
    new uPlot({
      width: width(el), height: 270, series: series,
      scales: { x: { time: false }, y: { range: range } },
      axes: [{ label: 'episodes so far' }, { label: label, values: function (u, vals) { return vals.map(fmt); } }]
    }, cols, el);
  }

  function barChart(id, field, label, fmt, range) {
    var el = document.getElementById(id);
    var n = data.runs.length, types = data.types, stride = n + 1;
    if (types.length === 0) { el.textContent = 'no episodes'; return; }
    var xs = [];
    for (var t = 0; t < types.length; t++) for (var j = 0; j < n; j++) xs.push(t * stride + j);
    var typeAt = function (x) { var t = Math.round((x - (n - 1) / 2) / stride); return types[t] ? types[t].short : ''; };
    var cols = [xs];
    var series = [{ label: 'task type', value: function (u, v) { return v == null ? '–' : typeAt(v); } }];
    data.runs.forEach(function (r, j) {
      cols.push(xs.map(function (x) {
        if (x % stride !== j) return null;
        var g = r.byType[types[Math.floor(x / stride)].type];
        return g ? g[field] : null;
      }));
      series.push({
        label: r.label, fill: color(j), stroke: color(j), width: 0, points: { show: false },
        paths: uPlot.paths.bars({ size: [0.92, 64] }),
        value: function (u, v) { return v == null ? '–' : fmt(v); }
      });
    });
    var centers = types.map(function (_, t) { return t * stride + (n - 1) / 2; });
    new uPlot({
      width: width(el), height: 270, series: series, cursor: { points: { show: false } },
      scales: { x: { time: false, range: [-0.8, (types.length - 1) * stride + n - 0.2] }, y: { range: range } },
      axes: [
        { splits: function () { return centers; }, values: function (u, vals) { return vals.map(typeAt); }, grid: { show: false } },
        { label: label, values: function (u, vals) { return vals.map(fmt); } }
      ]
    }, cols, el);
  }

  lineChart('chart-sr', 'successRate', 'success rate', pct, upTo(1));
  lineChart('chart-steps', 'meanSteps', 'mean steps', num, upTo());
  lineChart('chart-memory', 'memorySize', 'memories', int, upTo());
  barChart('chart-type-sr', 'successRate', 'success rate', pct, upTo(1));
  barChart('chart-type-steps', 'meanSteps', 'mean steps', num, upTo());
})();
`;
