import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemp } from '../../engine/create-memp.js';
import { loadAlfworldSplit } from '../envs/alfworld/alfworld-split.js';
import { alfworldTaskType } from '../envs/alfworld/alfworld-task-type.js';
import { createInMemoryMemoryStore } from '../stores/in-memory/in-memory-memory-store.js';
import { createTestEnvironment } from '../../testing/alfworld/alfworld-test-games.js';
import { createExpertAgent } from './expert-agent.js';
import { createOfflineAgent } from './offline-agent.js';

/*
 * A measurement on the real games, not a unit test: run it with
 *   MEMP_MEASURE=1 npx vitest run src/adapters/agents/offline-agent-measure.test.ts
 * (optional: MEMP_MEASURE_SEED, MEMP_MEASURE_K, MEMP_MEASURE_BUILD, ALFWORLD_DATA).
 * Memory: expert replays of valid_train, learned through the engine; evaluation: valid_seen, Key=Query.
 */
const dataDir = process.env['ALFWORLD_DATA'] ?? resolve('../shared/data/alfworld');
const enabled = process.env['MEMP_MEASURE'] === '1' && existsSync(resolve(dataDir, 'json_2.1.1', 'valid_seen'));

describe.runIf(enabled)('offline agent on valid_seen (measurement)', () => {
  it('reports success and mean steps with and without memory', async () => {
    const seed = Number(process.env['MEMP_MEASURE_SEED'] ?? 1);
    const k = Number(process.env['MEMP_MEASURE_K'] ?? 3);
    const build = (['trajectory', 'script', 'proceduralization'] as const).find((b) => b === (process.env['MEMP_MEASURE_BUILD'] ?? 'proceduralization'));
    if (build === undefined) throw new Error('MEMP_MEASURE_BUILD must be trajectory, script or proceduralization');
    const maxSteps = 50;
    const train = loadAlfworldSplit({ dataDir, split: 'valid_train' });
    const seen = loadAlfworldSplit({ dataDir, split: 'valid_seen' });
    const memp = createMemp({ store: createInMemoryMemoryStore(), seed: 1, build, update: 'vanilla' });
    const trainEnv = createTestEnvironment({ games: train, maxSteps });
    const items = [];
    for (const game of train) {
      const start = await trainEnv.reset(game.id);
      const r = await createExpertAgent().run({ env: trainEnv, start, memories: [], maxSteps });
      items.push({ trajectory: { id: `expert-${items.length}`, task: r.task, steps: r.steps, outcome: { success: r.success }, model: 'expert', env: 'alfworld' } });
    }
    await memp.learnBatch({ items });
    const env = createTestEnvironment({ games: seen, maxSteps });
    const agent = createOfflineAgent({ seed });
    const rows = new Map<string, { n: number; none: number[]; mem: number[]; noneOk: number; memOk: number }>();
    for (const game of seen) {
      const type = alfworldTaskType(game);
      const row = rows.get(type) ?? { n: 0, none: [], mem: [], noneOk: 0, memOk: 0 };
      rows.set(type, row);
      row.n++;
      let start = await env.reset(game.id);
      const none = await agent.run({ env, start, memories: [], maxSteps });
      start = await env.reset(game.id);
      const memories = await memp.retrieve({ task: start.task, k });
      const mem = await agent.run({ env, start, memories, maxSteps });
      expect(none.steps.length).toBeLessThanOrEqual(maxSteps);
      expect(mem.steps.length).toBeLessThanOrEqual(maxSteps);
      row.none.push(none.steps.length);
      row.mem.push(mem.steps.length);
      row.noneOk += none.success ? 1 : 0;
      row.memOk += mem.success ? 1 : 0;
    }
    const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    const all = { n: 0, none: [] as number[], mem: [] as number[], noneOk: 0, memOk: 0 };
    const lines = [`seed ${seed}, k ${k}, build ${build}`, 'task type | n | no memory: success, mean steps | memory: success, mean steps'];
    for (const [type, r] of [...rows].sort()) {
      lines.push(`${type} | ${r.n} | ${r.noneOk} (${((100 * r.noneOk) / r.n).toFixed(1)}%), ${mean(r.none).toFixed(1)} | ${r.memOk} (${((100 * r.memOk) / r.n).toFixed(1)}%), ${mean(r.mem).toFixed(1)}`);
      all.n += r.n; all.none.push(...r.none); all.mem.push(...r.mem); all.noneOk += r.noneOk; all.memOk += r.memOk;
    }
    lines.push(`ALL | ${all.n} | ${all.noneOk} (${((100 * all.noneOk) / all.n).toFixed(1)}%), ${mean(all.none).toFixed(1)} | ${all.memOk} (${((100 * all.memOk) / all.n).toFixed(1)}%), ${mean(all.mem).toFixed(1)}`);
    console.log(lines.join('\n'));
    expect(all.memOk).toBeGreaterThan(all.noneOk);
  });
});
