import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CliRun, runCli } from './memp-cli.js';

/**
 * End to end: `memp demo travelplanner` as a child process on the real TravelPlanner train data (found the way
 * `memp bench travelplanner run` finds it): the six metrics of the four runs (no memory, control, gold-plan memory,
 * rule-informed planner), side by side, and the report.
 */

const METRICS = ['Delivery', 'CS micro', 'CS macro', 'HC micro', 'HC macro', 'Final'];
const PERCENT = String.raw`(\d{1,3}\.\d)%`;
const ROW = (label: string) =>
  new RegExp(`^${label.replace(/[()]/g, '\\$&')}\\s+${Array(6).fill(PERCENT).join('\\s+')}\\s+(\\d+)$`, 'm');
const SummarySchema = z.object({
  queries: z.number(),
  finalPassRate: z.number(),
  commonsenseMacro: z.number(),
  finalMemorySize: z.number(),
});

function row(stdout: string, label: string): { rates: number[]; memories: number } {
  const m = ROW(label).exec(stdout);
  if (!m) throw new Error(`no row "${label}" in:\n${stdout}`);
  const values = m.slice(1).map(Number);
  return { rates: values.slice(0, 6), memories: values[6] ?? -1 };
}

describe('memp demo travelplanner', () => {
  let out: string;
  let run: CliRun;
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'memp-demo-tp-test-')), 'demo');
    run = runCli(['demo', 'travelplanner', '--out', out, '--no-progress']);
  }, 120_000);

  it('prints the six metrics of the four runs side by side', () => {
    expect(run.code, run.stderr).toBe(0);
    const header = run.stdout.split('\n').find((l) => l.startsWith('policy'));
    expect(header?.split(/\s{2,}/).slice(1)).toEqual([...METRICS, 'memories']);
    const none = row(run.stdout, 'No memory');
    const gold = row(run.stdout, 'Memory: gold plans (5 folds)');
    const control = row(run.stdout, 'Control: memories of unlike queries (5 folds)');
    const rules = row(run.stdout, 'Rule-informed planner (hand-written rules), memory: gold plans (5 folds)');
    for (const r of [...none.rates, ...gold.rates, ...control.rates, ...rules.rates]) {
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(100);
    }
    expect(none.memories).toBe(0);
    expect(gold.memories).toBe(36); // each engine holds the gold plans of the 4 other folds: 4 × 9
    expect(gold.rates[5]).toBeGreaterThan(none.rates[5] ?? 100);
    // memory about similar queries beats memory about unlike ones (the control)
    expect(gold.rates[5]).toBeGreaterThan(control.rates[5] ?? 100);
    expect(control.memories).toBe(36);
    expect(run.stdout).toMatch(/^45 queries per run;/m);
  });

  it('agrees with the runs it wrote and points to the report', () => {
    const report = /^report: (.+)$/m.exec(run.stdout)?.[1];
    expect(report).toBe(join(out, 'comparison.html'));
    expect(existsSync(report ?? '')).toBe(true);
    const html = readFileSync(report ?? '', 'utf8');
    expect(html).toContain('No memory');
    expect(html).toContain('Memory: gold plans (5 folds)');
    for (const [dir, label] of [
      ['no-memory', 'No memory'],
      ['memory-gold', 'Memory: gold plans (5 folds)'],
      ['control', 'Control: memories of unlike queries (5 folds)'],
      ['rule-informed-gold', 'Rule-informed planner (hand-written rules), memory: gold plans (5 folds)'],
    ] as const) {
      const summary = SummarySchema.parse(JSON.parse(readFileSync(join(out, dir, 'summary.json'), 'utf8')));
      expect(summary.queries).toBe(45);
      const printed = row(run.stdout, label);
      expect(printed.rates[5]).toBeCloseTo(summary.finalPassRate * 100, 1);
      expect(printed.rates[2]).toBeCloseTo(summary.commonsenseMacro * 100, 1);
    }
  });

  it('rejects an unknown part with INVALID_ARGUMENT', () => {
    const r = runCli(['--json', 'demo', 'webshop']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/INVALID_ARGUMENT/);
  });
});
