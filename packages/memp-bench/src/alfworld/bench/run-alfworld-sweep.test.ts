import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLlmGateway } from 'memp/ai';
import type { TrajectoryInput } from 'memp';
import { createScriptedLanguageModel } from 'memp/testing';
import { parseMemorySourceList, parseMemorySourceSpec } from '../../shared/memory-source-spec.js';
import { generateAlfworldGames } from '../environment/generate-games.js';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { resolveRunSettings } from './bench-options.js';
import { runAlfworldSweep } from './run-alfworld-sweep.js';

const out = () => mkdtempSync(join(tmpdir(), 'memp-sweep-'));
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const readLines = (file: string): TrajectoryInput[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TrajectoryInput);

interface SweepJson {
  axis: { key: string; log: boolean };
  baseline?: { runs: Array<{ seed: number; metrics: Record<string, number> }> };
  points: Array<{
    name: string;
    x: number;
    runs: Array<{ seed: number; metrics: Record<string, number | undefined> }>;
    stats: Record<string, { n: number; mean: number; min: number; max: number } | null>;
  }>;
}

/** Small generated splits (the machine is shared): 36 train games to remember, 6 to evaluate per split. */
const smallTrain = generateAlfworldGames({ seed: 'sweep-train', count: 36 });
const smallDeps: AlfworldBenchDeps = {
  ...defaultAlfworldBenchDeps,
  generatedGames: ({ split }) => ({
    dir: `generated:${split}`,
    games: split === 'train' ? smallTrain : generateAlfworldGames({ seed: `sweep-${split}`, count: 6 }),
  }),
};

describe('bench grid sweeps on ALFWorld (generated games, offline agent)', { timeout: 240_000 }, () => {
  it('k sweep: one run per k and seed on the same memory, a no-memory run per seed; rendered memory grows with k', async () => {
    const dir = out();
    const result = await runAlfworldSweep({
      base: resolveRunSettings({ memoryFrom: 'train', limit: 6, batch: 3 }),
      axis: { name: 'k', values: [1, 4] },
      seeds: [1, 2],
      out: dir,
      deps: smallDeps,
    });
    expect(result.rows.map((r) => r.label)).toEqual([
      'No memory · seed 1',
      'No memory · seed 2',
      'k=1 · seed 1',
      'k=1 · seed 2',
      'k=4 · seed 1',
      'k=4 · seed 2',
    ]);
    expect(result.rows.slice(2).map((r) => [r.config.k, r.config.seed, r.memory.initial])).toEqual([
      [1, 1, 36],
      [1, 2, 36],
      [4, 1, 36],
      [4, 2, 36],
    ]);
    const sweep = readJson<SweepJson>(join(dir, 'sweep.json'));
    expect(sweep.points.map((p) => [p.name, p.x, p.runs.length])).toEqual([
      ['1', 1, 2],
      ['4', 4, 2],
    ]);
    expect(sweep.baseline?.runs.map((r) => r.seed)).toEqual([1, 2]);
    const tokens = sweep.points.map((p) => p.stats['memoryTokensMean']?.mean ?? 0);
    expect(tokens[0]).toBeGreaterThan(0);
    expect(tokens[1]).toBeGreaterThan(2 * (tokens[0] ?? 0));
    const sr = sweep.points[0]?.runs.map((r) => r.metrics['successRate'] ?? -1) ?? [];
    expect(sweep.points[0]?.stats['successRate']).toMatchObject({ n: 2, min: Math.min(...sr), max: Math.max(...sr) });
    const html = readFileSync(join(dir, 'sweep.html'), 'utf8');
    expect(html).toContain('id="chart-successRate"');
    expect(html).toContain('id="chart-memoryTokensP95"');
    expect(html).toContain('new uPlot(');
    expect(readFileSync(join(dir, 'sweep.md'), 'utf8')).toMatch(/\| 4 \| 2 \| \d+\.\d% ± /);
    expect(existsSync(join(dir, 'comparison.html'))).toBe(true);
  });

  it('--resume keeps the runs a previous sweep into the same directory completed, runs the others', async () => {
    const dir = out();
    const base = resolveRunSettings({ memoryFrom: 'train', limit: 2 });
    const first = await runAlfworldSweep({
      base,
      axis: { name: 'k', values: [1] },
      seeds: [1],
      baseline: false,
      out: dir,
      deps: smallDeps,
    });
    const ran: string[] = [];
    const second = await runAlfworldSweep({
      base,
      axis: { name: 'k', values: [1, 2] },
      seeds: [1],
      baseline: false,
      resume: true,
      out: dir,
      deps: smallDeps,
      onRun: (s) => ran.push(s.label),
    });
    expect(ran).toEqual(['k=1 · seed 1', 'k=2 · seed 1']);
    expect(second.rows[0]).toEqual(first.rows[0]);
    expect(second.rows[1]?.config.k).toBe(2);
    const third = await runAlfworldSweep({
      base: { ...base, seed: 1 },
      axis: { name: 'k', values: [1] },
      seeds: [2],
      baseline: false,
      resume: true,
      out: dir,
      deps: smallDeps,
    });
    expect(third.rows[0]?.config.seed).toBe(2);
  });

  it('memory-size sweep: seeded samples of the source, stratified by task type, on a log axis', async () => {
    const dir = out();
    const result = await runAlfworldSweep({
      base: resolveRunSettings({ memoryFrom: 'train', limit: 3 }),
      axis: { name: 'memory-size', values: [6, 18], source: parseMemorySourceSpec('train') },
      seeds: [1, 2],
      baseline: false,
      out: dir,
      deps: smallDeps,
    });
    expect(result.rows.map((r) => r.memory.initial)).toEqual([6, 6, 18, 18]);
    const sample = readLines(join(dir, 'sources', 'train-18-s1.jsonl'));
    const counts = new Map<string, number>();
    for (const t of sample)
      counts.set(String(t.meta?.['taskType']), (counts.get(String(t.meta?.['taskType'])) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(1);
    for (const [type, n] of counts) {
      const share = smallTrain.filter((g) => g.taskType === type).length / smallTrain.length;
      expect(Math.abs(n - 18 * share)).toBeLessThan(1);
    }
    const other = readLines(join(dir, 'sources', 'train-18-s2.jsonl'));
    expect(other.map((t) => t.id)).not.toEqual(sample.map((t) => t.id));
    expect(readJson<SweepJson>(join(dir, 'sweep.json')).axis).toEqual({
      key: 'memory-size',
      label: 'memory size (trajectories)',
      log: true,
    });
    await expect(
      runAlfworldSweep({
        base: resolveRunSettings({ memoryFrom: 'train', limit: 2 }),
        axis: { name: 'memory-size', values: [37], source: parseMemorySourceSpec('train') },
        seeds: [1],
        baseline: false,
        out: out(),
        deps: smallDeps,
      }),
    ).rejects.toThrow(/--memory-sizes 37 is more than the 36 trajectories of train/);
  });

  it('source sweep: filtered files, the expert, the agent’s own online memory; each row states the source’s success rate and its benefit', async () => {
    const dir = out();
    const logs = join(dir, 'logs.jsonl');
    const step = { action: 'go to sink 1', observation: 'You arrive at sink 1.' };
    const games = generateAlfworldGames({ seed: 'memp-valid_unseen', count: 8 });
    writeFileSync(
      logs,
      games
        .map((g, i) =>
          JSON.stringify({
            task: g.walkthrough.length > 0 ? `task ${i}` : 'none',
            steps: [step],
            outcome: { success: i % 4 === 0 },
            model: i < 4 ? 'weak' : 'strong',
          }),
        )
        .join('\n'),
    );
    const result = await runAlfworldSweep({
      base: resolveRunSettings({ memoryFrom: 'train', limit: 4, update: 'vanilla' }),
      axis: { name: 'memory-from', values: parseMemorySourceList(`${logs}#model=weak,train,own:valid_unseen`) },
      seeds: [1],
      out: dir,
      deps: smallDeps,
    });
    const sweep = readJson<SweepJson>(join(dir, 'sweep.json'));
    const byName = new Map(sweep.points.map((p) => [p.name, p]));
    expect(byName.get('model=weak')?.runs[0]?.metrics['sourceSuccessRate']).toBe(0.25);
    expect(byName.get('model=weak')?.x).toBe(0.25);
    expect(byName.get('train')?.runs[0]?.metrics['sourceSuccessRate']).toBe(1);
    const own = byName.get('own:valid_unseen');
    const ownRun = readJson<{ successRate: number; config: { mode: string; split: string } }>(
      join(dir, 'sources', 'own-valid_unseen-s1', 'summary.json'),
    );
    expect(ownRun.config).toMatchObject({ mode: 'online', split: 'valid_unseen' });
    expect(own?.runs[0]?.metrics['sourceSuccessRate']).toBe(ownRun.successRate);
    const none = sweep.baseline?.runs[0]?.metrics['successRate'] ?? Number.NaN;
    for (const p of sweep.points)
      expect(p.runs[0]?.metrics['benefit']).toBeCloseTo((p.runs[0]?.metrics['successRate'] ?? 0) - none, 10);
    expect(sweep.points.map((p) => p.x)).toEqual([...sweep.points.map((p) => p.x)].sort((a, b) => a - b));
    expect(result.rows.find((r) => r.label.includes('model=weak'))?.memoryBuild?.trajectories).toBe(4);
    await expect(
      runAlfworldSweep({
        base: resolveRunSettings({ memoryFrom: 'train', limit: 2 }),
        axis: { name: 'memory-from', values: parseMemorySourceList('train,own:valid_seen') },
        seeds: [1],
        baseline: false,
        out: out(),
        deps: smallDeps,
      }),
    ).rejects.toThrow(/own:valid_seen is the split under evaluation/);
  });
});

describe('bench grid sweeps with the ReAct agent (scripted model, never a real provider)', { timeout: 120_000 }, () => {
  it('each row carries its tokens, and its cost at the given prices', async () => {
    const model = createScriptedLanguageModel({
      replies: Array.from({ length: 4000 }, () => 'Thought: look around.\nAction: look'),
      inputTokens: 100,
      outputTokens: 10,
    });
    const train = generateAlfworldGames({ seed: 'sweep-llm-train', count: 4 });
    const deps: AlfworldBenchDeps = {
      ...defaultAlfworldBenchDeps,
      generatedGames: ({ split }) => ({
        dir: `generated:${split}`,
        games: split === 'train' ? train : generateAlfworldGames({ seed: 'sweep-llm', count: 4 }),
      }),
      createGateway: () => createLlmGateway({ model, modelId: 'scripted:look' }),
    };
    const dir = out();
    const result = await runAlfworldSweep({
      base: resolveRunSettings({
        agent: 'llm',
        model: { spec: 'scripted:look' },
        memoryFrom: 'train',
        limit: 2,
        maxSteps: 3,
      }),
      axis: { name: 'k', values: [1, 2] },
      seeds: [1],
      baseline: false,
      prices: { inputPerMillion: 1, outputPerMillion: 2 },
      out: dir,
      deps,
    });
    expect(result.rows).toHaveLength(2);
    const sweep = readJson<SweepJson>(join(dir, 'sweep.json'));
    for (const [i, p] of sweep.points.entries()) {
      const row = result.rows[i];
      const tokensIn = p.runs[0]?.metrics['tokensIn'] ?? 0;
      const tokensOut = p.runs[0]?.metrics['tokensOut'] ?? 0;
      expect(tokensIn).toBe(row?.tokens.input);
      expect(tokensIn).toBeGreaterThan(0);
      expect(p.runs[0]?.metrics['costUsd']).toBeCloseTo((tokensIn * 1 + tokensOut * 2) / 1e6, 12);
    }
    const md = readFileSync(join(dir, 'sweep.md'), 'utf8');
    expect(md).toContain('tokens in');
    expect(md).toContain('cost (USD)');
    expect(md).toMatch(/\$0\.\d{4}/);
  });
});
