import { describe, expect, it } from 'vitest';
import { isMempError } from 'memp';
import type { Memory } from 'memp';
import { MEMORY_OPEN_TAG, MEMP_GUIDELINES_LEAD } from 'memp/internal';
import { createTestEnvironment } from '../../../testing/alfworld/alfworld-test-games.js';
import { cleanAppleGame } from '../../../testing/alfworld/kitchen-test-games.js';
import { createScriptedLanguageModel } from 'memp/testing';
import { createLlmGateway } from 'memp/ai';
import { firstUserMessage, parseTurn } from './alfworld-react-prompt.js';
import { createReactAgent } from './react-agent.js';

const memory: Memory = {
  id: 'mem_1',
  namespace: 'default',
  task: 'put a clean mug in fridge',
  keywords: ['clean', 'mug', 'fridge'],
  kind: 'script',
  script: '1. take the mug\n2. clean the mug with the sinkbasin\n3. move the mug to the fridge',
  status: 'active',
  stats: { retrieved: 0, succeeded: 0, failed: 0 },
  provenance: { builtBy: 'offline', from: ['t'], embedder: 'e' },
  version: 1,
  createdAt: 'a',
  updatedAt: 'a',
};

function promptText(content: unknown): string {
  if (typeof content === 'string') return content;
  return (content as Array<{ type: string; text?: string }>).map((p) => p.text ?? '').join('');
}

describe('ReAct agent', () => {
  it('plays Thought/Action turns to the goal, with memory after the task line and the grammar in the system prompt', async () => {
    const game = cleanAppleGame();
    const replies = game.walkthrough.map((action, i) =>
      i === 0 ? `Thought: I need the apple first.\nAction: ${action}\nObservation: (made up)` : `Action: ${action}`,
    );
    const model = createScriptedLanguageModel({ replies, inputTokens: 100, outputTokens: 12 });
    const gateway = createLlmGateway({ model, modelId: 'scripted:test' });
    const env = createTestEnvironment({ games: [game] });
    const start = await env.reset(game.id);
    const result = await createReactAgent({ gateway }).run({
      env,
      start,
      memories: [{ memory, score: 0.9, key: 'query' }],
      maxSteps: 50,
    });

    expect(result.success).toBe(true);
    expect(result.steps.map((s) => s.action)).toEqual(game.walkthrough);
    expect(result.steps[0]?.thought).toBe('I need the apple first.');
    expect(result.calls).toBe(game.walkthrough.length);
    expect(result.tokens).toEqual({ input: 100 * game.walkthrough.length, output: 12 * game.walkthrough.length });

    const first = model.doGenerateCalls[0]!;
    const system = promptText(first.prompt[0]?.content);
    expect(first.prompt[0]?.role).toBe('system');
    for (const verb of ['go to R', 'take X from R', 'move X to R', 'clean X with R', 'heat X with R', 'cool X with R'])
      expect(system).toContain(verb);
    const user = promptText(first.prompt[1]?.content);
    const lines = user.split('\n');
    const taskLine = lines.findIndex((l) => l.startsWith('Your task is to:'));
    expect(taskLine).toBeGreaterThanOrEqual(0);
    const rest = lines.slice(taskLine + 1).join('\n');
    expect(rest.indexOf(MEMORY_OPEN_TAG)).toBeGreaterThanOrEqual(0);
    expect(rest).toContain(MEMP_GUIDELINES_LEAD);
    expect(rest).toContain('clean the mug with the sinkbasin');
    // later turns carry the observations back, not the model's made-up one
    const second = model.doGenerateCalls[1]!;
    expect(promptText(second.prompt[second.prompt.length - 1]?.content)).toMatch(/^Observation: /);
    expect(JSON.stringify(second.prompt)).not.toContain('(made up)');
  });

  it('stops at the episode cap', async () => {
    const game = cleanAppleGame();
    const model = createScriptedLanguageModel({ replies: Array.from({ length: 5 }, () => 'Action: look') });
    const env = createTestEnvironment({ games: [game] });
    const start = await env.reset(game.id);
    const result = await createReactAgent({ gateway: createLlmGateway({ model, modelId: 'm' }) }).run({
      env,
      start,
      memories: [],
      maxSteps: 3,
    });
    expect(result.steps).toHaveLength(3);
    expect(result.success).toBe(false);
    expect(model.doGenerateCalls).toHaveLength(3);
  });

  it('stops with BUDGET_EXCEEDED when the run budget is spent', async () => {
    const game = cleanAppleGame();
    const model = createScriptedLanguageModel({
      replies: Array.from({ length: 10 }, () => 'Action: look'),
      inputTokens: 60,
      outputTokens: 10,
    });
    const env = createTestEnvironment({ games: [game] });
    const start = await env.reset(game.id);
    const agent = createReactAgent({ gateway: createLlmGateway({ model, modelId: 'm', tokenBudget: 150 }) });
    const error = await agent.run({ env, start, memories: [], maxSteps: 10 }).catch((e: unknown) => e);
    expect(isMempError(error, 'BUDGET_EXCEEDED')).toBe(true);
    expect(model.doGenerateCalls).toHaveLength(3);
  });
});

describe('ReAct turn parsing', () => {
  it('reads the Action line, or the last line when it is missing', () => {
    expect(parseTurn('Thought: go\nAction: go to fridge 1.')).toEqual({ thought: 'go', action: 'go to fridge 1' });
    expect(parseTurn('I will open it\n> open fridge 1')).toEqual({ action: 'open fridge 1' });
    expect(parseTurn('')).toEqual({ action: '' });
  });

  it('puts memory after the task line, or after the intro without one', () => {
    expect(firstUserMessage({ observation: 'Intro.\nYour task is to: x.\nMore.', memory: 'MEM' })).toBe(
      'Intro.\nYour task is to: x.\nMEM\nMore.',
    );
    expect(firstUserMessage({ observation: 'Intro.', memory: 'MEM' })).toBe('Intro.\n\nMEM');
    expect(firstUserMessage({ observation: 'Intro.', memory: '' })).toBe('Intro.');
  });
});
