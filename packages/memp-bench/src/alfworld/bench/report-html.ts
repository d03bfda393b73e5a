import type { BenchSummary } from './bench-summary.js';
import { chartScript } from './report-chart-script.js';
import { USAGE_COLUMNS, formatRate, rowLabel, taskTypesOf, usageCells, usesModel } from './report-markdown.js';
import { loadUplotAssets } from '../../shared/uplot-assets.js';

/** Options of {@link renderReportHtml}. */
export interface RenderReportHtmlOptions {
  title: string;
  /** One line under the title (configuration, data). */
  subtitle?: string;
  /** The runs to compare: one table row and one chart series each. */
  rows: readonly BenchSummary[];
  /** Extra markdown-free notes shown under the table, one paragraph each. */
  notes?: readonly string[];
}

/**
 * A self-contained HTML report: the policy table plus uPlot charts of success rate, mean steps and memory size
 * per batch (the learning curve) and per task type. uPlot's JS and CSS are inlined, so the file opens from disk
 * with no network.
 */
export function renderReportHtml(options: RenderReportHtmlOptions): string {
  const { rows } = options;
  const uplot = loadUplotAssets();
  const types = taskTypesOf(rows);
  const data = {
    types,
    runs: rows.map((r) => ({
      label: r.label,
      successRate: r.successRate,
      meanSteps: r.meanSteps,
      batches: cumulative(r),
      byType: Object.fromEntries(types.map((t) => [t.type, r.byTaskType[t.type] ?? null])),
    })),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${uplot.css}</style>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(options.title)}</h1>
${options.subtitle ? `<p class="sub">${escapeHtml(options.subtitle)}</p>` : ''}
<h2>Results</h2>
${renderTable(rows)}
<p class="note">SR = success rate (higher is better); Steps = mean actions per episode (lower is better).</p>
${(options.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
<h2>Learning curve</h2>
<div class="grid">
<figure><figcaption>Success rate per batch</figcaption><div id="chart-sr"></div></figure>
<figure><figcaption>Mean steps per batch</figcaption><div id="chart-steps"></div></figure>
<figure><figcaption>Active memories after each batch</figcaption><div id="chart-memory"></div></figure>
</div>
<h2>Per task type</h2>
<div class="grid">
<figure><figcaption>Success rate per task type</figcaption><div id="chart-type-sr"></div></figure>
<figure><figcaption>Mean steps per task type</figcaption><div id="chart-type-steps"></div></figure>
</div>
</main>
<script type="application/json" id="memp-data">${jsonForScript(data)}</script>
<script>${uplot.js}</script>
<script>${chartScript()}</script>
</body>
</html>
`;
}

function cumulative(
  summary: BenchSummary,
): Array<{ x: number; successRate: number; meanSteps: number; memorySize: number }> {
  let seen = 0;
  return summary.batches.map((b) => {
    seen += b.episodes;
    return { x: seen, successRate: b.successRate, meanSteps: b.meanSteps, memorySize: b.memorySize };
  });
}

function renderTable(rows: readonly BenchSummary[]): string {
  const types = taskTypesOf(rows);
  const usage = usesModel(rows);
  const head = [
    'Policy',
    'SR ↑',
    'Steps ↓',
    ...types.flatMap((t) => [`${t.short} SR`, `${t.short} Steps`]),
    'Episodes',
    ...(usage ? USAGE_COLUMNS : []),
  ];
  const best = Math.max(...rows.map((r) => r.successRate));
  const body = rows.map((r) => {
    const cells = [
      formatRate(r.successRate),
      r.meanSteps.toFixed(1),
      ...types.flatMap((t) => {
        const g = r.byTaskType[t.type];
        return g ? [formatRate(g.successRate), g.meanSteps.toFixed(1)] : ['–', '–'];
      }),
      String(r.episodes),
      ...(usage ? usageCells(r) : []),
    ];
    const cls = rows.length > 1 && r.successRate === best ? ' class="best"' : '';
    return `<tr${cls}><th scope="row">${escapeHtml(rowLabel(r))}</th>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return (
    `<div class="table"><table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${body.join('')}</tbody></table></div>`
  );
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe inside a `<script>` element (no `</script>`, no HTML comment openers). */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

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
tr.best th, tr.best td { background: #eef7ee; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border: 1px solid #e0e3e8; border-radius: 8px; padding: 10px 12px; }
figcaption { font-weight: 600; color: #39414f; margin-bottom: 6px; }
`;
