import { describe, expect, it } from 'vitest';
import { buildSizeReportPage, readUplotAssets, sizeCharts } from './size-report-page.js';
import type { WorkloadSizeFigures } from './workload-size-bench.js';

function point(workload: WorkloadSizeFigures['workload'], memories: number, base: number): WorkloadSizeFigures {
  return {
    workload,
    memories,
    learnPerSecond: 1000 + base,
    bytesPerMemory: 500 + base,
    exactRetrieve: { p50: base, p99: base * 3 },
    approximateRetrieve: { p50: base / 2, p99: base * 2 },
    approximateRetrieveCpu: { p50: base / 3, p99: base },
    recallAt10: 0.9 + base / 1000,
    learnSeconds: memories / (1000 + base),
    learnRssBytes: 2e8,
    indexBuildMs: 100 * base,
    indexReopenMs: 10 * base,
    retrieveRssBytes: 3e8,
    queries: 200,
    loadAverage: 1.5,
  };
}

const points = [
  point('near-duplicate', 1000, 2),
  point('synthetic', 100, 1),
  point('synthetic', 1000, 4),
  point('near-duplicate', 100, 3),
  point('synthetic', 100_000, 9),
];

describe('sizeCharts', () => {
  it('puts every measured size on x in ascending order and one line per workload and figure', () => {
    const charts = sizeCharts(points);
    expect(charts.map((c) => c.id)).toEqual(['retrieve', 'learn', 'bytes', 'recall']);
    const retrieve = charts[0];
    expect(retrieve?.sizes).toEqual([100, 1000, 100_000]);
    expect(retrieve?.series.map((s) => s.label)).toEqual([
      'near-duplicate exact p50',
      'near-duplicate exact p99',
      'near-duplicate HNSW p50',
      'near-duplicate HNSW p99',
      'synthetic exact p50',
      'synthetic exact p99',
      'synthetic HNSW p50',
      'synthetic HNSW p99',
    ]);
    // A size a workload was not measured at is a gap, not a zero.
    expect(retrieve?.series[0]?.values).toEqual([3, 2, null]);
    expect(retrieve?.series[7]?.values).toEqual([2, 8, 18]);
    expect(retrieve?.series.map((s) => [s.workload, s.line])).toEqual([
      ['near-duplicate', 0],
      ['near-duplicate', 1],
      ['near-duplicate', 2],
      ['near-duplicate', 3],
      ['synthetic', 0],
      ['synthetic', 1],
      ['synthetic', 2],
      ['synthetic', 3],
    ]);
    expect(charts[1]?.series).toEqual([
      { label: 'near-duplicate', workload: 'near-duplicate', line: 0, values: [1003, 1002, null] },
      { label: 'synthetic', workload: 'synthetic', line: 0, values: [1001, 1004, 1009] },
    ]);
    expect(charts[2]?.series[1]?.values).toEqual([501, 504, 509]);
    expect(charts[3]?.series[0]?.values).toEqual([0.903, 0.902, null]);
  });

  it('gives no lines for no points', () => {
    expect(sizeCharts([]).every((c) => c.sizes.length === 0 && c.series.length === 0)).toBe(true);
  });
});

describe('buildSizeReportPage', () => {
  it('embeds the charts as JSON the page script reads, uPlot inline, and a row per point', () => {
    const html = buildSizeReportPage({
      points,
      title: 'size <sweep>',
      notes: ['load average 1.5 & noisy'],
      uplot: readUplotAssets(),
    });
    expect(html).toContain('<title>size &lt;sweep&gt;</title>');
    expect(html).toContain('load average 1.5 &amp; noisy');
    const json = /<script id="memp-size-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual(sizeCharts(points));
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html.match(/<tr><td>/g)).toHaveLength(points.length);
    for (const id of ['retrieve', 'learn', 'bytes', 'recall']) expect(html).toContain(`id="chart-${id}"`);
  });
});
