import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAlfworldGames } from '../environment/generate-games.js';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { resolveRunSettings } from './bench-options.js';
import type { BenchSummary } from './bench-summary.js';
import { runAlfworldBench } from './run-alfworld-bench.js';
import { runAlfworldGrid } from './run-alfworld-grid.js';
import { runAlfworldRetrievalQuality } from './run-alfworld-retrieval-quality.js';
import { buildRunMemory } from './build-run-memory.js';
import { createMemp } from 'memp';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { silentProgress } from '../../shared/progress-reporter.js';

/** Small generated splits: 12 evaluation games, 24 training games, all six task types. */
const deps: AlfworldBenchDeps = {
  ...defaultAlfworldBenchDeps,
  generatedGames: ({ split }) => ({
    dir: `generated:${split}`,
    games: generateAlfworldGames({ seed: `test-${split}`, count: split === 'train' ? 24 : 12 }),
  }),
};

function outDir(): string {
  return mkdtempSync(join(tmpdir(), 'memp-bench-'));
}

function readSummary(dir: string): BenchSummary {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BenchSummary;
}

describe('runAlfworldBench on generated games', () => {
  it('hands hybrid settings to the engine of a hybrid run (bad ones are refused by it), and not to other runs', async () => {
    const hybrid = { candidates: 0 } as const; // out of range: memp's parser refuses it when it sees it
    await expect(
      runAlfworldBench({
        settings: resolveRunSettings({ mode: 'online', retrieve: 'hybrid', hybrid, limit: 2 }),
        out: outDir(),
        deps,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'candidates' } });
    const query = await runAlfworldBench({
      settings: resolveRunSettings({ mode: 'online', retrieve: 'query', hybrid, limit: 2 }),
      out: outDir(),
      deps,
    });
    expect(query.episodes).toHaveLength(2);
  });

  it('no memory: writes every output and summary field', async () => {
    const out = outDir();
    const run = await runAlfworldBench({
      settings: resolveRunSettings({ noMemory: true, batch: 4 }),
      out,
      deps,
      runId: 'nomem',
    });
    for (const file of ['episodes.jsonl', 'summary.json', 'report.md', 'report.html'])
      expect(existsSync(join(out, file))).toBe(true);
    expect(existsSync(join(out, 'memory.db'))).toBe(false);
    const summary = readSummary(out);
    expect(summary).toMatchObject({
      runId: 'nomem',
      label: 'No memory',
      episodes: 12,
      tokens: { input: 0, output: 0 },
      calls: 0,
      memory: { initial: 0, final: 0 },
    });
    expect(summary.successRate).toBeGreaterThanOrEqual(0);
    expect(summary.successRate).toBeLessThanOrEqual(1);
    expect(summary.successes).toBe(run.episodes.filter((e) => e.success).length);
    expect(Object.keys(summary.byTaskType)).toHaveLength(6);
    expect(summary.batches.map((b) => b.episodes)).toEqual([4, 4, 4]);
    expect(summary.config).toMatchObject({
      agent: 'offline',
      split: 'valid_seen',
      memory: false,
      seed: 1,
      games: 'generated:valid_seen',
      legacyPut: false,
    });
    const lines = readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      index: 0,
      batch: 0,
      retrieved: [],
      tokens: { input: 0, output: 0 },
    });
  });

  it('records the legacyPut compatibility option in the summary and hands it to the environment', async () => {
    const seen: (boolean | undefined)[] = [];
    const spying: AlfworldBenchDeps = {
      ...deps,
      createEnvironment: (o) => {
        seen.push(o.legacyPut);
        return deps.createEnvironment(o);
      },
    };
    const run = await runAlfworldBench({
      settings: resolveRunSettings({ noMemory: true, legacyPut: true, limit: 2 }),
      out: outDir(),
      deps: spying,
    });
    expect(run.summary.config.legacyPut).toBe(true);
    expect(readSummary(run.dir).config.legacyPut).toBe(true);
    expect(seen).toEqual([true]);
  });

  it('offline: memory from expert replays of train beats no memory and is not updated', async () => {
    const base = { batch: 6, seed: 3 };
    const without = await runAlfworldBench({
      settings: resolveRunSettings({ ...base, noMemory: true }),
      out: outDir(),
      deps,
    });
    const out = outDir();
    const run = await runAlfworldBench({
      settings: resolveRunSettings({ ...base, memoryFrom: 'train', build: 'proceduralization' }),
      out,
      deps,
    });
    const s = run.summary;
    expect(s.config).toMatchObject({ mode: 'offline', memoryFrom: 'train', memory: true });
    expect(s.memoryBuild).toMatchObject({ trajectories: 24, memories: 24 });
    expect(s.memory).toEqual({ initial: 24, final: 24 });
    expect(s.batches.every((b) => b.memorySize === 24 && b.updates === undefined)).toBe(true);
    expect(
      run.episodes.every((e) => e.retrieved.length === 3 && e.retrieved.every((r) => typeof r.taskType === 'string')),
    ).toBe(true);
    expect(s.successRate).toBeGreaterThanOrEqual(without.summary.successRate);
    expect(s.meanSteps).toBeLessThan(without.summary.meanSteps);
    expect(existsSync(join(out, 'memory.db'))).toBe(true);
  });

  it('online: memory starts empty, grows after each batch, and runs are reproducible from the seed', async () => {
    const settings = resolveRunSettings({ mode: 'online', update: 'validation', batch: 4, seed: 5 });
    const a = await runAlfworldBench({ settings, out: outDir(), deps, runId: 'a' });
    const b = await runAlfworldBench({ settings, out: outDir(), deps, runId: 'a' });
    expect(a.summary.memory.initial).toBe(0);
    expect(a.summary.batches[0]?.updates?.created).toBe(a.episodes.slice(0, 4).filter((e) => e.success).length);
    expect(a.episodes.slice(0, 4).every((e) => e.retrieved.length === 0)).toBe(true);
    expect(a.summary.memory.final).toBeGreaterThan(0);
    expect(a.summary.updates).toEqual({
      created: a.summary.batches.reduce((n, x) => n + (x.updates?.created ?? 0), 0),
      adjusted: 0, // validation never edits a memory
      deprecated: a.summary.batches.reduce((n, x) => n + (x.updates?.deprecated ?? 0), 0),
      episodesUsingEdited: a.episodes.filter((e) => e.retrieved.some((r) => (r.version ?? 1) > 1)).length,
    });
    expect(a.episodes.flatMap((e) => e.retrieved).every((r) => Number.isInteger(r.version))).toBe(true);
    const strip = (r: typeof a) => r.episodes.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
  });

  it('loads memory from a trajectory JSONL file', async () => {
    const dir = outDir();
    const file = join(dir, 'trajectories.jsonl');
    const game = deps.generatedGames({ split: 'train' }).games[0]!;
    const trajectory = {
      task: game.task,
      steps: game.walkthrough.map((action) => ({ action })),
      outcome: { success: true },
      meta: { taskType: game.taskType },
    };
    writeFileSync(file, `${JSON.stringify(trajectory)}\n`);
    const run = await runAlfworldBench({
      settings: resolveRunSettings({ memoryFrom: file, limit: 2 }),
      out: join(dir, 'run'),
      deps,
    });
    expect(run.summary.memoryBuild).toMatchObject({ trajectories: 1, memories: 1 });
    writeFileSync(file, 'not json\n');
    await expect(
      runAlfworldBench({ settings: resolveRunSettings({ memoryFrom: file, limit: 2 }), out: join(dir, 'run2'), deps }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('grid: one comparison over build × retrieve (offline) with a no-memory row', async () => {
    const out = outDir();
    const grid = await runAlfworldGrid({
      base: resolveRunSettings({ memoryFrom: 'train', limit: 6, batch: 3 }),
      builds: ['trajectory', 'script'],
      retrieves: ['query', 'random'],
      updates: ['vanilla', 'adjustment'],
      out,
      deps,
    });
    expect(grid.rows.map((r) => r.label)).toEqual([
      'No memory',
      'Control: random other-type memories · Trajectory',
      'Trajectory · Key=Query',
      'Trajectory · Key=Random',
      'Script · Key=Query',
      'Script · Key=Random',
    ]);
    expect(grid.rows.map((r) => r.config.observation)).toEqual(Array(6).fill('text'));
    expect(grid.rows[1]?.config).toMatchObject({ control: 'random-other-type', build: 'trajectory', memory: true });
    expect(grid.rows.filter((r) => r.config.control !== undefined)).toHaveLength(1);
    expect(readFileSync(grid.paths.markdown, 'utf8')).toContain('| Script · Key=Random |');
    expect(readFileSync(grid.paths.html, 'utf8')).toContain('new uPlot(');
    expect(existsSync(join(out, 'script-random', 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'random-other-type-trajectory', 'report.html'))).toBe(true);
    const noControl = await runAlfworldGrid({
      base: resolveRunSettings({ memoryFrom: 'train', limit: 2 }),
      builds: ['script'],
      retrieves: ['query'],
      updates: ['vanilla'],
      out: outDir(),
      deps,
      control: false,
      baseline: false,
    });
    expect(noControl.rows.map((r) => r.label)).toEqual(['Script · Key=Query']);
  });

  it('control row: every retrieved memory is of another task type than the episode, k of them', async () => {
    const run = await runAlfworldBench({
      settings: resolveRunSettings({ memoryFrom: 'train', control: 'random-other-type', seed: 2 }),
      out: outDir(),
      deps,
    });
    expect(run.summary.config).toMatchObject({ control: 'random-other-type', observation: 'text' });
    expect(run.summary.label).toMatch(/^Control/);
    for (const episode of run.episodes) {
      expect(episode.retrieved).toHaveLength(3);
      for (const r of episode.retrieved) {
        expect(typeof r.taskType).toBe('string');
        expect(r.taskType).not.toBe(episode.taskType);
      }
    }
  });

  it('records the observation mode: admissible actions reach the offline agent only when asked for', async () => {
    const seen: Array<boolean | undefined> = [];
    const spy: AlfworldBenchDeps = {
      ...deps,
      createEnvironment(options) {
        const env = deps.createEnvironment(options);
        return {
          ...env,
          async reset(id) {
            const start = await env.reset(id);
            seen.push(start.admissibleActions !== undefined);
            return start;
          },
        };
      },
    };
    const text = await runAlfworldBench({
      settings: resolveRunSettings({ noMemory: true, limit: 2 }),
      out: outDir(),
      deps: spy,
    });
    expect(text.summary.config.observation).toBe('text');
    const admissible = await runAlfworldBench({
      settings: resolveRunSettings({ noMemory: true, limit: 2, observation: 'admissible' }),
      out: outDir(),
      deps: spy,
    });
    expect(admissible.summary.config.observation).toBe('admissible');
    expect(seen).toEqual([false, false, true, true]);
    expect(readFileSync(join(admissible.dir, 'summary.json'), 'utf8')).toContain('"observation": "admissible"');
  });

  it('refuses memory from the split under evaluation, before any work', async () => {
    const out = outDir();
    expect(() => resolveRunSettings({ memoryFrom: 'valid_seen' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: '--memory-from' } }),
    );
    expect(() => resolveRunSettings({ split: 'train', memoryFrom: 'train/' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    const memp = createMemp({ grammar: ALFWORLD_ACTION_GRAMMAR });
    await expect(
      buildRunMemory({
        memp,
        source: 'train',
        settings: { maxSteps: 50, seed: 1 },
        deps,
        progress: silentProgress,
        evaluated: 'generated:train',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: '--memory-from' } });
    expect(await memp.stats()).toMatchObject({ active: 0 });
    // Settings that slipped past the name check are refused by the run before it writes anything.
    const slipped = { ...resolveRunSettings({ memoryFrom: 'train' }), split: 'train' };
    await expect(runAlfworldBench({ settings: slipped, out: join(out, 'run'), deps })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: '--memory-from' },
    });
    expect(existsSync(join(out, 'run'))).toBe(false);
  });

  it('retrieval quality: query-keyed retrieval finds the same task type more often than random', async () => {
    const result = await runAlfworldRetrievalQuality({ memoryFrom: 'train', deps, k: 1 });
    const by = Object.fromEntries(result.results.map((r) => [r.policy, r]));
    expect(result.memories).toBe(24);
    expect(by.query!.queries).toBe(12);
    expect(by.query!.top1SameType).toBeGreaterThan(by.random!.top1SameType);
    expect(by.avefact!.top1SameType).toBeGreaterThanOrEqual(0);
  });
});
