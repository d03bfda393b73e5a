import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAlfworldEnvironment } from '../environment/alfworld-environment.js';
import { generateAlfworldGames } from '../environment/generate-games.js';
import { createLlmGateway } from 'memp/ai';
import { type ScriptedCall, createScriptedLanguageModel } from 'memp/testing';
import { defaultAlfworldBenchDeps, type AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { resolveRunSettings } from './bench-options.js';
import { runAlfworldBench } from './run-alfworld-bench.js';
import { runAlfworldGrid } from './run-alfworld-grid.js';

const games = generateAlfworldGames({ seed: 'llm-bench', count: 8 });
const train = generateAlfworldGames({ seed: 'llm-bench-train', count: 6 });

function contentText(content: ScriptedCall['prompt'][number]['content']): string {
  return typeof content === 'string' ? content : content.map((p) => ('text' in p ? p.text : '')).join('');
}

const introKey = (text: string) =>
  `${/^You are in the middle.*$/m.exec(text)?.[0]}\n${/^Your task is to:.*$/m.exec(text)?.[0]}`;

/** A scripted model that plays each game's walkthrough and answers the policies' prompts in their formats. */
async function walkthroughModel() {
  const env = createAlfworldEnvironment({ games: [...games, ...train], maxSteps: 50, admissibleActions: false });
  const byIntro = new Map<string, string[]>();
  for (const g of [...games, ...train]) byIntro.set(introKey((await env.reset(g.id)).observation), g.walkthrough);
  const answer = (call: ScriptedCall): string => {
    const system = contentText(call.prompt.find((m) => m.role === 'system')?.content ?? '');
    const user = contentText(call.prompt.find((m) => m.role === 'user')?.content ?? '');
    if (system.startsWith('You are an agent')) {
      const turn = call.prompt.filter((m) => m.role === 'assistant').length;
      return `Thought: next.\nAction: ${byIntro.get(introKey(user))?.[turn] ?? 'look'}`;
    }
    if (system.startsWith('You extract')) return '["put", "object"]';
    if (system.startsWith('You maintain')) return '<Analysis>wrong place</Analysis><Workflow>1. go there</Workflow>';
    return '1. find the object\n2. put it in the receptacle';
  };
  return createScriptedLanguageModel({
    replies: Array.from({ length: 5000 }, () => answer),
    inputTokens: 100,
    outputTokens: 10,
  });
}

async function depsWithModel(): Promise<AlfworldBenchDeps> {
  const model = await walkthroughModel();
  return {
    ...defaultAlfworldBenchDeps,
    generatedGames: ({ split }) => ({ dir: `generated:${split}`, games: split === 'train' ? train : games }),
    createGateway: ({ tokenBudget }) =>
      createLlmGateway({
        model,
        modelId: 'scripted:walkthrough',
        ...(tokenBudget === undefined ? {} : { tokenBudget }),
      }),
  };
}

const out = () => mkdtempSync(join(tmpdir(), 'memp-llm-bench-'));

describe('ALFWorld bench with the ReAct agent (in process, scripted model)', () => {
  it('offline memory built by the LLM policies: one gateway counts the build and the agent', async () => {
    const deps = await depsWithModel();
    const run = await runAlfworldBench({
      settings: resolveRunSettings({
        agent: 'llm',
        model: { spec: 'scripted:x' },
        memoryFrom: 'train',
        limit: 4,
        batch: 2,
      }),
      out: out(),
      deps,
    });
    expect(run.error).toBeUndefined();
    expect(run.summary.successRate).toBe(1);
    const agentCalls = run.episodes.reduce((n, e) => n + e.calls, 0);
    expect(agentCalls).toBe(run.episodes.reduce((n, e) => n + e.steps, 0));
    // 6 scripts + keywords for the train tasks were paid for too
    expect(run.summary.calls).toBeGreaterThanOrEqual(agentCalls + 6 + 1);
    expect(run.summary.tokens).toEqual({ input: 100 * run.summary.calls, output: 10 * run.summary.calls });
    expect(run.summary.config).toMatchObject({ agent: 'llm', model: 'scripted:walkthrough' });
  });

  it('a budget spent during the memory build stops the run before any episode', async () => {
    const run = await runAlfworldBench({
      settings: resolveRunSettings({
        agent: 'llm',
        model: { spec: 'scripted:x', tokenBudget: 300 },
        memoryFrom: 'train',
        limit: 4,
      }),
      out: out(),
      deps: await depsWithModel(),
    });
    expect(run.error?.code).toBe('BUDGET_EXCEEDED');
    expect(run.episodes).toEqual([]);
    expect(run.summary).toMatchObject({ episodes: 0, calls: 3, stopped: { code: 'BUDGET_EXCEEDED', planned: 4 } });
  });

  it('online: a budget spent in a batch update keeps the batch, without its update', async () => {
    const deps = await depsWithModel();
    const probe = await runAlfworldBench({
      settings: resolveRunSettings({ agent: 'llm', model: { spec: 's' }, noMemory: true, limit: 2 }),
      out: out(),
      deps,
    });
    const firstBatchTokens = 110 * probe.summary.calls;
    const run = await runAlfworldBench({
      settings: resolveRunSettings({
        agent: 'llm',
        model: { spec: 's', tokenBudget: firstBatchTokens + 1 },
        mode: 'online',
        limit: 4,
        batch: 2,
      }),
      out: out(),
      deps: await depsWithModel(),
    });
    expect(run.error?.code).toBe('BUDGET_EXCEEDED');
    expect(run.episodes).toHaveLength(2);
    expect(run.summary.batches).toHaveLength(1);
    expect(run.summary.batches[0]?.updates).toBeUndefined();
    expect(run.summary.memory.final).toBe(0);
  });

  it('grid: stops after the run whose budget ran out and writes the comparison of the runs so far', async () => {
    const dir = out();
    const grid = await runAlfworldGrid({
      base: resolveRunSettings({
        agent: 'llm',
        model: { spec: 's', tokenBudget: 1500 },
        mode: 'online',
        limit: 4,
        batch: 2,
      }),
      builds: ['script'],
      retrieves: ['query', 'avefact'],
      updates: ['adjustment'],
      out: dir,
      deps: await depsWithModel(),
    });
    expect(grid.error?.code).toBe('BUDGET_EXCEEDED');
    expect(grid.rows).toHaveLength(1);
    expect(grid.rows[0]?.stopped?.code).toBe('BUDGET_EXCEEDED');
    const md = readFileSync(grid.paths.markdown, 'utf8');
    expect(md).toContain('No memory (cut short)');
    expect(md).toContain('The grid stopped early');
    expect(md).toContain('| Tokens in | Tokens out | Calls |');
  });
});
