import { describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createFixedClock } from '../../../core/clock.js';
import type { Step } from '../../../core/step.js';
import { createMemp } from '../../../composition/create-memp.js';
import type { Agent } from '../../../ports/agent.js';
import type { Environment } from '../../../ports/environment.js';
import { groupStats, summarizeRun } from './bench-summary.js';
import { runBenchEpisodes, type BenchTask } from './run-bench-episodes.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';

/** A toy world: each task is solved by its type's action sequence; anything else does nothing. */
const SOLUTIONS: Record<string, string[]> = {
  clean: ['go to sinkbasin 1', 'clean mug 1 with sinkbasin 1'],
  heat: ['go to microwave 1', 'heat egg 1 with microwave 1'],
};
const TASKS: Record<string, { task: string; type: string; easy: boolean }> = {
  t1: { task: 'put a clean mug in cabinet', type: 'clean', easy: true },
  t2: { task: 'heat some egg and put it in fridge', type: 'heat', easy: false },
  t3: { task: 'put a clean mug in shelf', type: 'clean', easy: false },
  t4: { task: 'heat some egg and put it in countertop', type: 'heat', easy: false },
};

function toyEnv(): Environment {
  let current: { type: string; done: number } | undefined;
  return {
    name: 'toy',
    async reset(taskId) {
      const t = TASKS[taskId];
      if (!t) throw new Error(`unknown ${taskId}`);
      current = { type: t.type, done: 0 };
      return { task: t.task, observation: 'You are in a room.' };
    },
    async step(action) {
      const c = current as { type: string; done: number };
      const solution = SOLUTIONS[c.type] as string[];
      if (solution[c.done] === action) c.done += 1;
      const success = c.done === solution.length;
      return { observation: success ? 'Done.' : 'Nothing happens.', done: success, success, reward: success ? 1 : 0 };
    },
  };
}

/** Follows the first retrieved memory's actions; without memory it only solves the "easy" tasks. */
const toyAgent: Agent = {
  id: 'toy-agent',
  async run({ env, start, memories, maxSteps }) {
    const easy = Object.values(TASKS).find((t) => t.task === start.task)?.easy ?? false;
    const type = Object.values(TASKS).find((t) => t.task === start.task)?.type ?? '';
    const plan =
      memories[0]?.memory.steps?.map((s) => s.action) ?? (easy ? (SOLUTIONS[type] ?? []) : ['look', 'look', 'look']);
    const steps: Step[] = [];
    let success = false;
    for (const action of plan.slice(0, maxSteps)) {
      const r = await env.step(action);
      steps.push({ action, observation: r.observation });
      if (r.success) success = true;
      if (r.done) break;
    }
    return { task: start.task, steps, success, reward: success ? 1 : 0, tokens: { input: 3, output: 2 }, calls: 1 };
  },
};

const tasks: BenchTask[] = Object.entries(TASKS).map(([id, t]) => ({ id, taskType: t.type }));

function engine() {
  return createMemp({
    store: createInMemoryMemoryStore(),
    grammar: ALFWORLD_ACTION_GRAMMAR,
    build: 'trajectory',
    update: 'validation',
    seed: 1,
    clock: createFixedClock(),
  });
}

describe('runBenchEpisodes', () => {
  it('runs without memory: no retrieval, only the easy task solved', async () => {
    const run = await runBenchEpisodes({ tasks, env: toyEnv(), agent: toyAgent, batch: 2 });
    expect(run.episodes.map((e) => e.success)).toEqual([true, false, false, false]);
    expect(run.episodes.every((e) => e.retrieved.length === 0)).toBe(true);
    expect(run.batches.map((b) => b.memorySize)).toEqual([0, 0]);
  });

  it('online: learns after each batch and the next batch profits; used memories are recorded', async () => {
    const memp = engine();
    const run = await runBenchEpisodes({ tasks, env: toyEnv(), agent: toyAgent, memp, mode: 'online', batch: 2, k: 1 });
    // batch 1: t1 succeeds on its own (memory built afterwards), t2 fails; batch 2: t3 follows t1's memory.
    expect(run.episodes.map((e) => e.success)).toEqual([true, false, true, false]);
    expect(run.episodes[2]?.retrieved[0]).toMatchObject({ task: 'put a clean mug in cabinet', taskType: 'clean' });
    expect(run.batches).toEqual([
      expect.objectContaining({
        index: 0,
        episodes: 2,
        successes: 1,
        successRate: 0.5,
        memorySize: 1,
        updates: { created: 1, adjusted: 0, deprecated: 0 },
      }),
      expect.objectContaining({ index: 1, episodes: 2, successes: 1, memorySize: 2 }),
    ]);
    const trajectory = await memp.store.trajectory({ namespace: 'default', id: 'ep-00003' });
    expect(trajectory).toMatchObject({
      env: 'toy',
      model: 'toy-agent',
      meta: { game: 't3', taskType: 'clean' },
      outcome: { success: true, steps: 2 },
    });
    const [memory] = await memp.list();
    expect(memory?.stats).toMatchObject({ retrieved: 2, succeeded: 1 });
    await memp.close();
  });

  it('offline: retrieves but never updates the memory', async () => {
    const memp = engine();
    await memp.learn({
      trajectory: {
        task: 'heat some egg and put it in cabinet',
        steps: SOLUTIONS.heat!.map((action) => ({ action })),
        outcome: { success: true },
      },
    });
    const run = await runBenchEpisodes({
      tasks,
      env: toyEnv(),
      agent: toyAgent,
      memp,
      mode: 'offline',
      batch: 4,
      k: 1,
    });
    expect(run.episodes.map((e) => e.success)).toEqual([false, true, false, true]);
    expect(run.batches[0]).toMatchObject({ memorySize: 1 });
    expect(run.batches[0]?.updates).toBeUndefined();
    expect((await memp.stats()).trajectories).toBe(1);
    const summary = summarizeRun({
      runId: 'r',
      episodes: run.episodes,
      batches: run.batches,
      initialMemorySize: run.initialMemorySize,
      durationMs: 5,
      config: {
        benchmark: 'alfworld',
        games: '-',
        split: 'toy',
        agent: 'toy',
        mode: 'offline',
        memory: true,
        build: 'trajectory',
        retrieve: 'query',
        update: 'validation',
        k: 1,
        batch: 4,
        seed: 1,
        maxSteps: 50,
      },
    });
    expect(summary).toMatchObject({
      episodes: 4,
      successes: 2,
      successRate: 0.5,
      tokens: { input: 12, output: 8 },
      calls: 4,
      label: 'Trajectory · Key=Query',
    });
    expect(summary.byTaskType.heat).toEqual(groupStats(run.episodes.filter((e) => e.taskType === 'heat')));
    expect(summary.byTaskType.heat?.successRate).toBe(1);
    await memp.close();
  });

  it('rejects a batch size that is not a positive integer', async () => {
    await expect(runBenchEpisodes({ tasks, env: toyEnv(), agent: toyAgent, batch: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
