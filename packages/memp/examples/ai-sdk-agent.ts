/**
 * memp with the Vercel AI SDK: a tool-calling agent (`generateText` with tools, several steps) whose model is
 * wrapped with memp's middleware, and `learnFromRun` after each task. The task environment is a small parcel desk
 * (ai-sdk-agent/parcel-desk.ts); the model is memp's scripted model deciding from the prompt it receives
 * (ai-sdk-agent/clerk-model.ts), so it runs offline and in CI (`npm test`, test/examples.test.ts).
 * It ships three orders twice: without memory, then with memory. With memory, the first order is explored and
 * learned; the next ones recall that procedure — it reaches the prompt as a data block after the task — and take
 * fewer tool calls. Without memory every order costs the same.
 * In an application, import from 'memp' and 'memp/ai' instead of '../src/….js'.
 */
import { fileURLToPath } from 'node:url';
import { generateText, type LanguageModel, stepCountIs, wrapLanguageModel } from 'ai';
import { createInMemoryMemoryStore, createMemp } from '../src/index.js';
import { createMempMiddleware, learnFromRun } from '../src/ai.js';
import { createClerkModel } from './ai-sdk-agent/clerk-model.js';
import { createParcelDesk, type Order, orderTask } from './ai-sdk-agent/parcel-desk.js';

const ORDERS: Order[] = [
  { id: 'A-17', item: 'blue mug', qty: 2, city: 'Berlin' },
  { id: 'B-42', item: 'desk lamp', qty: 1, city: 'Lyon' },
  { id: 'C-7', item: 'notebook', qty: 3, city: 'Oslo' },
];
const SYSTEM = 'You are the clerk of a parcel desk. Use the tools to do the task, then say what you did.';

/** Ships one order with `model`; returns the run and its figures. */
async function shipOrder(order: Order, model: LanguageModel) {
  const desk = createParcelDesk({ orders: [order] });
  const result = await generateText({
    model,
    system: SYSTEM,
    prompt: orderTask(order),
    tools: desk.tools,
    stopWhen: stepCountIs(12),
  });
  const calls = result.steps.flatMap((s) => s.content.filter((p) => p.type === 'tool-call'));
  const failed = result.steps.flatMap((s) => s.content.filter((p) => p.type === 'tool-error'));
  return {
    result,
    success: desk.shipped(order.id),
    modelSteps: result.steps.length,
    toolCalls: calls.length,
    failed: failed.length,
  };
}

/** Runs the example and reports through `log`, line by line. */
export async function runAiSdkAgentExample(log: (line: string) => void = console.log): Promise<void> {
  // Without memory: the plain model.
  const without: number[] = [];
  for (const [i, order] of ORDERS.entries()) {
    const run = await shipOrder(order, createClerkModel());
    without.push(run.toolCalls);
    log(
      `without memory: task ${i + 1} "${orderTask(order)}" ${run.modelSteps} model steps, ${run.toolCalls} tool calls (${run.failed} failed), ${run.success ? 'shipped' : 'NOT shipped'}`,
    );
  }

  // With memory: the same model wrapped with the memp middleware, learning after every task.
  const memp = createMemp({ store: createInMemoryMemoryStore(), k: 2 });
  const middleware = createMempMiddleware({ memp });
  const withMemory: number[] = [];
  for (const [i, order] of ORDERS.entries()) {
    let followed = 0;
    const model = wrapLanguageModel({
      model: createClerkModel({ onTurn: (t) => void (t.mode === 'memory' && followed++) }),
      middleware,
    });
    const run = await shipOrder(order, model);
    const recall = middleware.recalled();
    const scores = recall?.memories.map((m) => m.score.toFixed(2)).join(', ') ?? '';
    const learned = await learnFromRun({ memp, result: run.result, success: run.success });
    withMemory.push(run.toolCalls);
    log(
      `with memory: task ${i + 1} "${orderTask(order)}" ${run.modelSteps} model steps, ${run.toolCalls} tool calls (${run.failed} failed), ${run.success ? 'shipped' : 'NOT shipped'}; ` +
        `recalled ${recall?.ids.length ?? 0} memories [${scores}], ${followed} calls from the recalled procedure; learned ${learned.created ? 'a new memory' : 'no memory'}`,
    );
  }
  log(`tool calls without memory: ${without.join(', ')}`);
  log(`tool calls with memory: ${withMemory.join(', ')}`);
  await memp.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runAiSdkAgentExample();
