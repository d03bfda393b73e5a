import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInMemoryApiKeyStore, createMemp } from 'memp';
import { createMempHttpApp } from 'memp/server';
import { generateAlfworldGames } from '../environment/generate-games.js';
import { type AlfworldBenchDeps, defaultAlfworldBenchDeps } from './alfworld-bench-deps.js';
import { resolveRunSettings } from './bench-options.js';
import { runAlfworldBench } from './run-alfworld-bench.js';

const deps: AlfworldBenchDeps = {
  ...defaultAlfworldBenchDeps,
  generatedGames: ({ split }) => ({
    dir: `generated:${split}`,
    games: generateAlfworldGames({ seed: `served-${split}`, count: 6 }),
  }),
};

describe('the runs this package writes are the runs memp serve reads', () => {
  it('memp/server lists a bench run as an ALFWorld run and serves its learning curve', async () => {
    const root = mkdtempSync(join(tmpdir(), 'memp-bench-runs-'));
    await runAlfworldBench({
      settings: resolveRunSettings({ batch: 3 }),
      out: join(root, 'online-run'),
      deps,
      runId: 'online-run',
    });
    const memp = createMemp({});
    const app = createMempHttpApp({ memp, keys: createInMemoryApiKeyStore(), runsDir: root });
    const list = (await (await app.request('/v1/runs')).json()) as { runs: Array<{ id: string; kind: string }> };
    expect(list.runs).toContainEqual(expect.objectContaining({ id: 'online-run', kind: 'alfworld' }));
    const run = await app.request('/v1/runs/online-run');
    expect(run.status).toBe(200);
    const body = (await run.json()) as { kind: string; alfworld?: { batches: unknown[]; episodes: number } };
    expect(body).toMatchObject({ kind: 'alfworld', alfworld: { episodes: 6 } });
    expect(body.alfworld?.batches).toHaveLength(2);
    await memp.close();
  }, 60_000);
});
