import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_VERSION } from 'memp';
import {
  memorySourceName,
  parseMemorySourceSpec,
  readTrajectoryFile,
  trajectorySuccessRate,
} from './memory-source-spec.js';
import { costOf, parseSeedList, parseSweepAxis, parseTokenPrices } from './sweep-axis.js';
import { formatSpread, spreadOf } from './sweep-summary.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sweep-axis-'));
const trajectory = (model: string, success: boolean) => ({
  task: 'put a mug in the sink',
  steps: [{ action: 'go to sink 1', observation: 'You arrive at sink 1.' }],
  outcome: { success },
  model,
});
const file = join(dir, 'logs.jsonl');
writeFileSync(
  file,
  [trajectory('m/strong', true), trajectory('m/strong', true), trajectory('m/weak', false), trajectory('m/weak', true)]
    .map((t) => JSON.stringify(t))
    .join('\n'),
);

describe('sweep flags', () => {
  it('reads one axis: --ks, --memory-sizes with its source, or several --memory-from sources', () => {
    expect(parseSweepAxis({ ks: '1,2,3,5,8,12' })).toEqual({ name: 'k', values: [1, 2, 3, 5, 8, 12] });
    const sizes = parseSweepAxis({ memorySizes: '10,30', memoryFrom: 'train' });
    expect(sizes).toMatchObject({ name: 'memory-size', values: [10, 30], source: { kind: 'split', split: 'train' } });
    const sources = parseSweepAxis({ memoryFrom: `${file}#model=m/weak,train,own:train` });
    expect(sources?.name).toBe('memory-from');
    expect(sources?.name === 'memory-from' && sources.values.map((s) => s.kind)).toEqual([
      'filtered-file',
      'split',
      'own',
    ]);
    expect(parseSweepAxis({ memoryFrom: 'train' })).toBeUndefined();
    expect(parseSweepAxis({})).toBeUndefined();
  });

  it('refuses two axes at once, malformed lists, repeated values and sizes without a source, naming the flag', () => {
    expect(() => parseSweepAxis({ ks: '1,2', memorySizes: '10', memoryFrom: 'train' })).toThrow(/one axis at a time/);
    expect(() => parseSweepAxis({ ks: '1,x' })).toThrow(/--ks must list integers ≥ 1.*"x"/);
    expect(() => parseSweepAxis({ ks: '0,1' })).toThrow(/--ks/);
    expect(() => parseSweepAxis({ ks: '3,3' })).toThrow(/--ks lists a value twice/);
    expect(() => parseSweepAxis({ memorySizes: '10' })).toThrow(/give --memory-from/);
    expect(() => parseSweepAxis({ memoryFrom: 'train,' })).toThrow(/empty item/);
    expect(() => parseSweepAxis({ memoryFrom: `${file}#model,train` })).toThrow(/FIELD=VALUE/);
    expect(() => parseSweepAxis({ memoryFrom: `${dir}/missing.jsonl#model=x,train` })).toThrow(/is not a file/);
    expect(() => parseSweepAxis({ memoryFrom: 'own:,train' })).toThrow(/own:SPLIT needs a split/);
  });

  it('seeds: the list, else the single seed; prices: both or neither', () => {
    expect(parseSeedList('1,2,3', 9)).toEqual([1, 2, 3]);
    expect(parseSeedList(undefined, 9)).toEqual([9]);
    expect(parseTokenPrices({})).toBeUndefined();
    expect(() => parseTokenPrices({ priceIn: '0.15' })).toThrow(/--price-out/);
    const prices = parseTokenPrices({ priceIn: '0.15', priceOut: '0.6' });
    expect(costOf({ input: 1_000_000, output: 500_000 }, prices)).toBeCloseTo(0.45, 10);
    expect(costOf({ input: 10, output: 10 }, undefined)).toBeUndefined();
  });
});

describe('memory sources of a sweep', () => {
  it('filters a trajectory file by a field and measures its success rate', () => {
    const weak = readTrajectoryFile({ file, field: 'model', value: 'm/weak' });
    expect(weak).toHaveLength(2);
    expect(trajectorySuccessRate(weak)).toBe(0.5);
    expect(trajectorySuccessRate(readTrajectoryFile({ file }))).toBe(0.75);
    expect(memorySourceName(parseMemorySourceSpec(`${file}#model=m/weak`))).toBe('model=m/weak');
    expect(memorySourceName(parseMemorySourceSpec(file))).toBe('logs.jsonl');
  });

  it('refuses a filter that keeps nothing (listing the values seen), a line that is not a trajectory, an export', () => {
    expect(() => readTrajectoryFile({ file, field: 'model', value: 'm/none' })).toThrow(/m\/strong, m\/weak/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify(trajectory('m', true))}\n{"task": 3}\n`);
    expect(() => readTrajectoryFile({ file: bad })).toThrow(/bad\.jsonl line 2: not a trajectory/);
    const exported = join(dir, 'export.jsonl');
    const header = { format: 'memp-export', version: EXPORT_FORMAT_VERSION, namespace: 'default' };
    const counts = { exportedAt: '2026-01-01T00:00:00.000Z', space: null, memories: 0, trajectories: 0 };
    writeFileSync(exported, `${JSON.stringify({ ...header, ...counts })}\n`);
    expect(() => readTrajectoryFile({ file: exported, field: 'model', value: 'x' })).toThrow(/is a memp export/);
  });
});

describe('spread over seeds', () => {
  it('mean, sample standard deviation, min and max; a single seed prints the mean alone', () => {
    const runs = [0.5, 0.7, 0.9].map((v, seed) => ({ seed, label: '', metrics: { sr: v } }));
    const stats = spreadOf(runs, 'sr');
    expect(stats?.mean).toBeCloseTo(0.7, 10);
    expect(stats?.sd).toBeCloseTo(0.2, 10);
    expect(formatSpread(stats, 'rate')).toBe('70.0% ± 20.0pp (50.0%–90.0%)');
    expect(formatSpread(spreadOf(runs.slice(0, 1), 'sr'), 'rate')).toBe('50.0%');
    expect(spreadOf(runs, 'missing')).toBeUndefined();
  });
});
