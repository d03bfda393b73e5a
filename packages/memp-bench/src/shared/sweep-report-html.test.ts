import { describe, expect, it } from 'vitest';
import { renderSweepHtml } from './sweep-report-html.js';
import type { SweepReportData } from './sweep-summary.js';

const run = (seed: number, sr: number) => ({ seed, label: `s${seed}`, metrics: { successRate: sr } });

const data: SweepReportData = {
  title: 'memp · sweep <test>',
  subtitle: 'sub',
  axis: { key: 'memory-from', label: 'memory source (its own success rate)', log: false },
  metrics: [{ key: 'successRate', label: 'success rate', format: 'rate' }],
  points: [
    { name: 'model=weak', x: 0.25, runs: [run(1, 0.6), run(2, 0.8)] },
    { name: 'train', x: 1, runs: [run(1, 0.9), run(2, 1)] },
    { name: 'export.jsonl', x: Number.NaN, runs: [run(1, 0.7)] },
  ],
  baseline: { name: 'no memory', x: Number.NaN, runs: [run(1, 0.5), run(2, 0.5)] },
};

function chartJson(html: string): { xs: number[]; names: string[]; charts: Array<Record<string, unknown>> } {
  const json = /<script type="application\/json" id="sweep-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}';
  return JSON.parse(json);
}

describe('renderSweepHtml', () => {
  it('charts the mean, min and max over the seeds per point, with the baseline; escapes the title', () => {
    const html = renderSweepHtml(data);
    expect(html).toContain('<title>memp · sweep &lt;test&gt;</title>');
    const chart = chartJson(html);
    expect(chart.names).toEqual(['model=weak', 'train']);
    expect(chart.xs).toEqual([0.25, 1]);
    expect(chart.charts[0]).toMatchObject({ id: 'chart-successRate', min: [0.6, 0.9], max: [0.8, 1], baseline: 0.5 });
    const mean = (chart.charts[0]?.['mean'] ?? []) as number[];
    expect(mean[0]).toBeCloseTo(0.7, 10);
  });

  it('keeps a point with no place on the axis (unknown source strength) in the table, out of the charts', () => {
    const html = renderSweepHtml(data);
    expect(chartJson(html).names).not.toContain('export.jsonl');
    expect(html).toContain('<th scope="row">export.jsonl</th><td>1</td><td>70.0%</td>');
  });
});
