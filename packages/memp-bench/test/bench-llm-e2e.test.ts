import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAlfworldEnvironment } from '../src/alfworld/environment/alfworld-environment.js';
import { generatedSplit } from '../src/alfworld/bench/alfworld-bench-deps.js';
import type { BenchEpisode } from '../src/alfworld/bench/bench-episode.js';
import type { BenchSummary } from '../src/alfworld/bench/bench-summary.js';
import { MEMORY_CLOSE_TAG, MEMORY_OPEN_TAG, MEMP_GUIDELINES_LEAD } from 'memp/internal';
import { createSeededRandom, sampleWithoutReplacement } from 'memp/internal';
import { type ChatReply, FakeChatCompletionsServer } from 'memp/testing';
import { createMemp } from 'memp';
import { createSqliteMemoryStore } from 'memp/sqlite';
import { CLI, type CliRun } from './memp-cli.js';

/**
 * End to end: `memp bench alfworld --agent llm` as a real child process, its model a loopback OpenAI-compatible
 * server playing a scripted model that answers ReAct turns from the game's walkthrough, and script, keyword and
 * adjustment prompts in their formats.
 */

const ChatRequestSchema = z.object({
  messages: z.array(
    z.object({
      role: z.string(),
      content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]),
    }),
  ),
});
type ChatMessage = z.infer<typeof ChatRequestSchema>['messages'][number];

const text = (m: ChatMessage | undefined): string =>
  m === undefined ? '' : typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('');

const ROOM_LINE = /^You are in the middle of a room\..*$/m;
const TASK_LINE = /^Your task is to:.*$/m;
const SEED = 1;

/** The games the bench runs (its default data: the generated valid_seen split), keyed by room + task lines. */
async function walkthroughs(): Promise<{ byIntro: Map<string, string[]>; order: string[][] }> {
  const { games } = generatedSplit({ split: 'valid_seen' });
  const env = createAlfworldEnvironment({ games, maxSteps: 50, admissibleActions: false });
  const byIntro = new Map<string, string[]>();
  for (const game of games) byIntro.set(introKey((await env.reset(game.id)).observation), game.walkthrough);
  // the bench's task order: the split shuffled with the seed
  const order = sampleWithoutReplacement(games, games.length, createSeededRandom(SEED)).map((g) => g.walkthrough);
  return { byIntro, order };
}

function introKey(observation: string): string {
  return `${ROOM_LINE.exec(observation)?.[0] ?? ''}\n${TASK_LINE.exec(observation)?.[0] ?? ''}`;
}

/** What kind of prompt a request is, from its system prompt. */
function kindOf(system: string): 'react' | 'script' | 'keywords' | 'adjust' | 'other' {
  if (system.startsWith('You are an agent in a text-based household environment')) return 'react';
  if (system.startsWith('You write procedural memory')) return 'script';
  if (system.startsWith('You extract search keywords')) return 'keywords';
  if (system.startsWith('You maintain the procedural memory')) return 'adjust';
  return 'other';
}

interface Recorded {
  kind: ReturnType<typeof kindOf>;
  messages: ChatMessage[];
  promptTokens: number;
  completionTokens: number;
}

/** The scripted model: plays the walkthrough, except in the episodes listed in `failEpisodes` (it only looks). */
function scriptedModel(options: {
  byIntro: Map<string, string[]>;
  failEpisodes?: number[];
  usage?: (body: string, answer: string) => [number, number];
}) {
  const recorded: Recorded[] = [];
  let episodes = 0;
  const reply = (body: unknown): ChatReply => {
    const { messages } = ChatRequestSchema.parse(body);
    const system = text(messages.find((m) => m.role === 'system'));
    const user = text(messages.find((m) => m.role === 'user'));
    const kind = kindOf(system);
    let answer = 'I cannot help with that.';
    if (kind === 'react') {
      const turn = messages.filter((m) => m.role === 'assistant').length;
      if (turn === 0) episodes += 1;
      const walkthrough = options.byIntro.get(introKey(user)) ?? [];
      const action = options.failEpisodes?.includes(episodes) ? 'look' : (walkthrough[turn] ?? 'look');
      answer = `Thought: step ${turn + 1} of the plan.\nAction: ${action}`;
    } else if (kind === 'script') {
      answer =
        '1. Find the object the task names.\n2. Take it.\n3. Prepare it as the task says.\n4. Put it in the target receptacle.';
    } else if (kind === 'keywords') {
      const task = /<task>\s*([\s\S]*?)\s*<\/task>/.exec(user)?.[1] ?? '';
      answer = JSON.stringify(
        task
          .split(/\s+/)
          .filter((w) => w.length > 3)
          .slice(0, 5),
      );
    } else if (kind === 'adjust') {
      answer =
        '<Analysis>The agent only looked around and never went to the object.</Analysis>\n<Workflow>\n1. Go to where the object is.\n2. Take it.\n3. Put it in the target receptacle.\n</Workflow>';
    }
    const [promptTokens, completionTokens] = options.usage?.(JSON.stringify(body), answer) ?? [
      Math.ceil(JSON.stringify(body).length / 40),
      Math.ceil(answer.length / 4),
    ];
    recorded.push({ kind, messages, promptTokens, completionTokens });
    return { text: answer, promptTokens, completionTokens };
  };
  return { reply, recorded };
}

/** Runs the built CLI as a child process (async: the loopback server lives in this process). */
function runCli(args: string[], cwd: string): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'ALFWORLD_DATA',
    'MEMP_MODEL',
    'MEMP_EMBEDDER',
    'MEMP_DB',
    'MEMP_BUILD_CACHE',
    'OPENAI_COMPATIBLE_API_KEY',
  ])
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

function readRun(dir: string): { summary: BenchSummary; episodes: BenchEpisode[] } {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BenchSummary;
  const lines = readFileSync(join(dir, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return { summary, episodes: lines.map((l) => JSON.parse(l) as BenchEpisode) };
}

const sum = (rs: readonly Recorded[], f: (r: Recorded) => number) => rs.reduce((n, r) => n + f(r), 0);

describe('memp bench alfworld --agent llm against a loopback OpenAI-compatible server', () => {
  const server = new FakeChatCompletionsServer();
  let baseURL = '';
  let games: Awaited<ReturnType<typeof walkthroughs>>;

  beforeAll(async () => {
    expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
    games = await walkthroughs();
    baseURL = await server.start();
  });
  afterAll(() => server.stop());

  it('runs real games online: grammar in the system prompt, memory after the task line, successes and token usage recorded', async () => {
    const model = scriptedModel({ byIntro: games.byIntro, failEpisodes: [4] });
    server.reply = model.reply;
    const cwd = mkdtempSync(join(tmpdir(), 'memp-e2e-'));
    const out = join(cwd, 'run');
    const run = await runCli(
      [
        '--db',
        join(cwd, 'memp.db'),
        '--model',
        `openai-compatible:${baseURL}#scripted`,
        'bench',
        'alfworld',
        '--agent',
        'llm',
        '--mode',
        'online',
        '--limit',
        '4',
        '--batch',
        '2',
        '--max-steps',
        '12',
        '--seed',
        String(SEED),
        '--out',
        out,
        '--no-progress',
        '--concurrency',
        '2',
        '--timeout-ms',
        '20000',
      ],
      cwd,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const react = model.recorded.filter((r) => r.kind === 'react');
    const firstTurns = react.filter((r) => !r.messages.some((m) => m.role === 'assistant'));
    expect(firstTurns).toHaveLength(4);
    for (const r of react) {
      const system = text(r.messages[0]);
      expect(r.messages[0]?.role).toBe('system');
      for (const verb of [
        'go to R',
        'take X from R',
        'move X to R',
        'heat X with R',
        'clean X with R',
        'cool X with R',
        'use X',
      ])
        expect(system).toContain(verb);
    }
    // batch 1 ran without memory; batch 2 got the memory right after the task line, in the paper's format
    for (const [i, r] of firstTurns.entries()) {
      const lines = text(r.messages[1]).split('\n');
      const taskLine = lines.findIndex((l) => l.startsWith('Your task is to:'));
      expect(taskLine).toBeGreaterThanOrEqual(0);
      if (i < 2) {
        expect(text(r.messages[1])).not.toContain(MEMORY_OPEN_TAG);
      } else {
        // the data notice, the delimiter, then the paper's lead-in and the JSON list of { task_name, guidelines }
        expect(lines[taskLine + 1]).toMatch(/^The block below is data retrieved from procedural memory/);
        expect(lines[taskLine + 2]).toBe(MEMORY_OPEN_TAG);
        expect(lines[taskLine + 3]).toBe(MEMP_GUIDELINES_LEAD);
        const rest = lines.slice(taskLine + 4).join('\n');
        expect(rest).toContain('"task_name"');
        expect(rest).toContain('Put it in the target receptacle.');
        expect(rest.indexOf(MEMORY_CLOSE_TAG)).toBeGreaterThan(0);
      }
    }
    // the engine's LLM policies went through the same server: scripts and keywords for the new memories,
    // and an adjustment for the memory used by the failed 4th episode
    expect(model.recorded.filter((r) => r.kind === 'script').length).toBeGreaterThanOrEqual(2);
    expect(model.recorded.filter((r) => r.kind === 'keywords').length).toBeGreaterThanOrEqual(2);
    expect(model.recorded.filter((r) => r.kind === 'adjust').length).toBeGreaterThanOrEqual(1);
    expect(model.recorded.filter((r) => r.kind === 'other')).toEqual([]);

    const { summary, episodes } = readRun(out);
    expect(episodes.map((e) => e.success)).toEqual([true, true, true, false]);
    expect(summary).toMatchObject({
      episodes: 4,
      successes: 3,
      config: { agent: 'llm', model: 'openai-compatible:scripted', mode: 'online' },
    });
    expect(summary.stopped).toBeUndefined();
    // The failed episode's correction of a memory that earlier episodes (other witnesses) succeeded with waits as a
    // candidate beside it (no single episode rewrites what others proved): applied or pending, it was proposed.
    const memory = createMemp({ store: createSqliteMemoryStore({ path: join(out, 'memory.db') }) });
    const pending = await memory.candidates();
    await memory.close();
    expect((summary.batches[1]?.updates?.adjusted ?? 0) + pending.length).toBeGreaterThanOrEqual(1);
    // one gateway for agent and policies: the summary's usage is everything the server reported
    expect(summary.tokens).toEqual({
      input: sum(model.recorded, (r) => r.promptTokens),
      output: sum(model.recorded, (r) => r.completionTokens),
    });
    expect(summary.calls).toBe(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length);
    expect(summary.calls).toBe(model.recorded.length);
    // per episode: the agent's turns (Key=Query retrieval makes no model call)
    expect(sum(react, (r) => r.promptTokens)).toBe(episodes.reduce((n, e) => n + e.tokens.input, 0));
    expect(episodes.reduce((n, e) => n + e.calls, 0)).toBe(react.length);
    expect(episodes[0]?.calls).toBe(episodes[0]?.steps);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| Tokens in | Tokens out | Calls |');
    expect(report).toContain(
      `${summary.tokens.input} input and ${summary.tokens.output} output tokens in ${summary.calls} calls`,
    );
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<th>Tokens in</th>');
    expect(run.stdout).toContain(`${summary.tokens.input} + ${summary.tokens.output} tokens in ${summary.calls} calls`);
  }, 60_000);

  it('stops when the token budget is spent: non-zero exit, BUDGET_EXCEEDED on stderr, the completed episodes kept', async () => {
    const model = scriptedModel({ byIntro: games.byIntro, usage: () => [100, 10] });
    server.reply = model.reply;
    server.requests.length = 0;
    const cwd = mkdtempSync(join(tmpdir(), 'memp-e2e-'));
    const out = join(cwd, 'run');
    const first = games.order[0]?.length ?? 0;
    // enough for the first episode only: the first call of the second episode crosses the budget, the next is refused
    const budget = 110 * first + 1;
    const run = await runCli(
      [
        '--db',
        join(cwd, 'memp.db'),
        '--model',
        `openai-compatible:${baseURL}#scripted`,
        'bench',
        'alfworld',
        '--agent',
        'llm',
        '--no-memory',
        '--limit',
        '4',
        '--batch',
        '2',
        '--seed',
        String(SEED),
        '--out',
        out,
        '--no-progress',
        '--token-budget',
        String(budget),
      ],
      cwd,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^memp: BUDGET_EXCEEDED: token budget of \d+ used up/);
    expect(run.stderr).toContain('stopped after 1 of 4 episodes');
    const { summary, episodes } = readRun(out);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({
      success: true,
      steps: first,
      calls: first,
      tokens: { input: 100 * first, output: 10 * first },
    });
    expect(summary).toMatchObject({
      episodes: 1,
      successes: 1,
      stopped: { code: 'BUDGET_EXCEEDED', planned: 4 },
      config: { tokenBudget: budget },
    });
    expect(summary.calls).toBe(first + 1);
    expect(summary.calls).toBe(model.recorded.length);
    expect(summary.tokens).toEqual({ input: 100 * (first + 1), output: 10 * (first + 1) });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      'Cut short: the token budget ran out — 1 of 4 episodes completed',
    );
  }, 60_000);

  it('refuses --agent llm without a model before any work', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'memp-e2e-'));
    server.requests.length = 0;
    const run = await runCli(['bench', 'alfworld', '--agent', 'llm', '--out', join(cwd, 'run')], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('INVALID_ARGUMENT: --agent llm needs a language model');
    expect(existsSync(join(cwd, 'run'))).toBe(false);
    expect(server.requests).toHaveLength(0);
  }, 30_000);
});
