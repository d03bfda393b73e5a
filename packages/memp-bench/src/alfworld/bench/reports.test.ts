import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchEpisode } from './bench-episode.js';
import { memoryTokenStats, summarizeRun, type BenchConfig } from './bench-summary.js';
import { chartScript } from './report-chart-script.js';
import { renderReportHtml } from './report-html.js';
import { renderComparisonTable, renderUpdatesTable } from './report-markdown.js';
import { loadUplotAssets } from '../../shared/uplot-assets.js';
import { writeRunOutputs } from './write-run-outputs.js';

const config: BenchConfig = {
  benchmark: 'alfworld',
  games: '/games',
  split: 'valid_seen',
  agent: 'offline',
  mode: 'online',
  memory: true,
  build: 'proceduralization',
  retrieve: 'query',
  update: 'adjustment',
  k: 3,
  batch: 2,
  seed: 1,
  maxSteps: 50,
};

function episode(index: number, taskType: string, success: boolean, steps: number): BenchEpisode {
  return {
    index,
    batch: Math.floor(index / 2),
    game: `${taskType}-x/trial_${index}`,
    taskType,
    task: `task </script><script>alert(1)</script> ${index}`,
    success,
    steps,
    tokens: { input: 0, output: 0 },
    calls: 0,
    retrieved: [],
    memoryTokens: 0,
    ms: 1,
    trajectoryId: `ep-${index}`,
  };
}

const episodes = [
  episode(0, 'pick_and_place_simple', false, 50),
  episode(1, 'pick_heat_then_place_in_recep', true, 12),
  episode(2, 'pick_and_place_simple', true, 8),
  episode(3, 'pick_heat_then_place_in_recep', true, 10),
];
const summary = summarizeRun({
  runId: 'run-1',
  config,
  episodes,
  initialMemorySize: 0,
  durationMs: 10,
  batches: [
    { index: 0, episodes: 2, successes: 1, successRate: 0.5, meanSteps: 31, memorySize: 1 },
    { index: 1, episodes: 2, successes: 2, successRate: 1, meanSteps: 9, memorySize: 3 },
  ],
});
const baseline = { ...summary, label: 'No memory', successRate: 0.25, meanSteps: 40 };

describe('reports', () => {
  it('summarizes success rate, mean steps and task types', () => {
    expect(summary).toMatchObject({
      episodes: 4,
      successes: 3,
      successRate: 0.75,
      meanSteps: 20,
      memory: { initial: 0, final: 3 },
    });
    expect(summary.byTaskType.pick_and_place_simple).toEqual({
      episodes: 2,
      successes: 1,
      successRate: 0.5,
      meanSteps: 29,
    });
    expect(summary.label).toBe('Proceduralization · Key=Query · Adjustment');
  });

  it('reports rendered memory tokens over the episodes that received memory: mean, nearest-rank p95, max', () => {
    const tokens = [0, 0, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 10)].map((memoryTokens) => ({
      memoryTokens,
    }));
    expect(memoryTokenStats(tokens)).toEqual({ episodes: 20, mean: 105, p95: 190, max: 200 });
    expect(memoryTokenStats([{ memoryTokens: 0 }])).toEqual({ episodes: 0, mean: 0, p95: 0, max: 0 });
    expect(summary.memoryTokens).toEqual({ episodes: 0, mean: 0, p95: 0, max: 0 });
  });

  it('renders the paper-shaped table: policy rows, SR and steps per task type', () => {
    const table = renderComparisonTable({ rows: [baseline, summary] });
    const lines = table.split('\n');
    expect(lines[0]).toContain('| Policy | SR ↑ | Steps ↓ | Pick SR | Pick Steps | Heat SR | Heat Steps |');
    expect(lines[2]).toMatch(/^\| No memory \| 25\.0% \| 40\.0 \|/);
    expect(lines[3]).toMatch(
      /^\| Proceduralization · Key=Query · Adjustment \| 75\.0% \| 20\.0 \| 50\.0% \| 29\.0 \| 100\.0% \| 11\.0 \| 4 \|$/,
    );
  });

  it('writes a self-contained HTML report: inlined uPlot, no external URLs, data escaped', () => {
    const html = renderReportHtml({ title: 'memp <test>', rows: [baseline, summary] });
    const uplot = loadUplotAssets();
    expect(html).toContain(uplot.js);
    expect(html).toContain(uplot.css);
    expect(html).toContain('new uPlot(');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import/);
    expect(html).toContain('memp &lt;test&gt;');
    // The task text holding </script> cannot close the data block.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('draws five charts from the embedded data (script run against a stub DOM and uPlot)', () => {
    const html = renderReportHtml({ title: 't', rows: [baseline, summary] });
    const json = /<script type="application\/json" id="memp-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const charts: Array<{ opts: { series: Array<{ label?: string }> }; data: Array<Array<number | null>> }> = [];
    const element = (text = '') => ({ textContent: text, parentNode: { clientWidth: 800 } });
    const document = { getElementById: (id: string) => element(id === 'memp-data' ? json : '') };
    function UPlot(this: unknown, opts: (typeof charts)[number]['opts'], data: (typeof charts)[number]['data']) {
      charts.push({ opts, data });
    }
    UPlot.paths = { bars: () => () => null };
    new Function('document', 'uPlot', chartScript())(document, UPlot);
    expect(charts).toHaveLength(5);
    const [sr, , memory, typeSr] = charts;
    expect(sr?.opts.series.map((s) => s.label)).toEqual([
      'episodes',
      'No memory',
      'Proceduralization · Key=Query · Adjustment',
    ]);
    expect(sr?.data).toEqual([
      [2, 4],
      [0.5, 1],
      [0.5, 1],
    ]);
    expect(memory?.data[2]).toEqual([1, 3]);
    // grouped bars: two task types × two runs, each run's values at its own slots
    expect(typeSr?.data[0]).toEqual([0, 1, 3, 4]);
    expect(typeSr?.data[2]).toEqual([null, 0.5, null, 1]);
  });

  it('writes episodes.jsonl, summary.json, report.md and report.html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memp-report-'));
    const paths = writeRunOutputs({ dir, episodes, summary });
    expect(readFileSync(paths.episodes, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(JSON.parse(readFileSync(paths.summary, 'utf8'))).toMatchObject({
      successRate: 0.75,
      batches: [{ index: 0 }, { index: 1 }],
    });
    expect(readFileSync(paths.markdown, 'utf8')).toContain('## Learning curve');
    expect(readFileSync(paths.html, 'utf8')).toContain('id="chart-sr"');
  });

  it("totals the update policy's work and counts episodes that used an edited memory", () => {
    const used = [
      { ...episodes[0]!, retrieved: [{ id: 'm1', score: 1, task: 't', version: 2 }] },
      ...episodes.slice(1),
    ];
    const updated = summarizeRun({
      runId: 'run-2',
      config,
      episodes: used,
      initialMemorySize: 0,
      durationMs: 1,
      batches: [
        {
          index: 0,
          episodes: 2,
          successes: 1,
          successRate: 0.5,
          meanSteps: 31,
          memorySize: 1,
          updates: { created: 1, adjusted: 1, deprecated: 0 },
        },
        {
          index: 1,
          episodes: 2,
          successes: 2,
          successRate: 1,
          meanSteps: 9,
          memorySize: 3,
          updates: { created: 2, adjusted: 0, deprecated: 1 },
        },
      ],
    });
    expect(updated.updates).toEqual({ created: 3, adjusted: 1, deprecated: 1, episodesUsingEdited: 1 });
    expect(summary.updates).toBeUndefined();
    expect(renderUpdatesTable({ rows: [summary] })).toBe('');
    expect(renderUpdatesTable({ rows: [summary, updated] }).split('\n')).toHaveLength(3);
  });
});
