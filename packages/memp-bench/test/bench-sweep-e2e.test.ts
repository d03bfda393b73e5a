import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatReply, FakeChatCompletionsServer } from 'memp/testing';
import { resolveTravelplannerData } from '../src/travelplanner/database/resolve-travelplanner-data.js';
import { loadTravelQueries } from '../src/travelplanner/database/travel-query.js';
import { CLI, type CliRun } from './memp-cli.js';

/**
 * End to end: `memp bench grid` sweeps as a user runs them, as a child process: TravelPlanner with the LLM agent
 * against a loopback OpenAI-compatible server (never a real provider), and ALFWorld's k sweep on the generated games.
 */

const dataDir = resolveTravelplannerData();
const queries = loadTravelQueries({ dir: dataDir });

function runCli(args: string[], cwd: string): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['MEMP_MODEL', 'MEMP_EMBEDDER', 'MEMP_DB', 'MEMP_BUILD_CACHE', 'OPENAI_COMPATIBLE_API_KEY'])
    delete env[name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface SweepJson {
  points: Array<{
    name: string;
    x: number;
    runs: Array<{ seed: number; metrics: Record<string, number | undefined> }>;
  }>;
  baseline?: { runs: Array<{ metrics: Record<string, number | undefined> }> };
}

describe('memp bench grid sweeps (CLI)', () => {
  const server = new FakeChatCompletionsServer();
  let baseURL = '';
  beforeAll(async () => {
    expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
    baseURL = await server.start();
  });
  afterAll(() => server.stop());

  it('TravelPlanner --agent llm --ks: one run per k and seed, each with its tokens and cost at the given prices', async () => {
    server.reply = (body): ChatReply => {
      const user = JSON.stringify(body);
      const q = queries.find((x) => user.includes(x.query.slice(0, 60)));
      const plan = q ? JSON.stringify(q.goldPlan.filter((d) => Object.keys(d).length > 0)) : '[]';
      return { text: plan, promptTokens: 300, completionTokens: 40 };
    };
    const cwd = mkdtempSync(join(tmpdir(), 'memp-sweep-e2e-'));
    const out = join(cwd, 'sweep');
    const run = await runCli(
      [
        '--model',
        `openai-compatible:${baseURL}#scripted`,
        'bench',
        'grid',
        '--env',
        'travelplanner',
        '--agent',
        'llm',
        '--memory-from',
        'gold',
        '--ks',
        '1,2',
        '--seeds',
        '1,2',
        '--limit',
        '2',
        '--price-in',
        '0.5',
        '--price-out',
        '1.5',
        '--data',
        dataDir,
        '--out',
        out,
        '--no-progress',
      ],
      cwd,
    );
    expect(run.stderr).not.toMatch(/memp: /);
    expect(run.code).toBe(0);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepJson;
    expect(sweep.points.map((p) => [p.name, p.runs.map((r) => r.seed)])).toEqual([
      ['1', [1, 2]],
      ['2', [1, 2]],
    ]);
    for (const r of [...sweep.points.flatMap((p) => p.runs), ...(sweep.baseline?.runs ?? [])]) {
      const input = r.metrics['tokensIn'] ?? 0;
      const output = r.metrics['tokensOut'] ?? 0;
      expect(input).toBeGreaterThanOrEqual(2 * 300);
      expect(output).toBeGreaterThanOrEqual(2 * 40);
      expect(r.metrics['costUsd']).toBeCloseTo((input * 0.5 + output * 1.5) / 1e6, 12);
    }
    // every run answered with the gold plans: the no-memory rows pass too, so the table shows what the model did
    expect(sweep.points.every((p) => p.runs.every((r) => r.metrics['finalPassRate'] === 1))).toBe(true);
    expect(run.stdout).toContain('| tokens in | tokens out | cost (USD) |');
    expect(readFileSync(join(out, 'sweep.html'), 'utf8')).toContain('id="chart-finalPassRate"');
  }, 300_000);

  it('ALFWorld --ks on the generated games; two axes at once are refused naming the flags', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'memp-sweep-e2e-'));
    const bad = await runCli(['bench', 'grid', '--memory-from', 'train', '--ks', '1,2', '--memory-sizes', '10'], cwd);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/one axis at a time: --ks and --memory-sizes/);
    const out = join(cwd, 'ks');
    const run = await runCli(
      [
        'bench',
        'grid',
        '--memory-from',
        'train',
        '--ks',
        '1,2',
        '--limit',
        '3',
        '--no-baseline',
        '--out',
        out,
        '--no-progress',
      ],
      cwd,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# memp · ALFWorld valid_seen · success against k/m);
    expect(run.stdout).toContain(`sweep report: ${join(out, 'sweep.html')}`);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepJson;
    expect(sweep.points.map((p) => p.x)).toEqual([1, 2]);
    expect(sweep.baseline).toBeUndefined();
  }, 300_000);
});
