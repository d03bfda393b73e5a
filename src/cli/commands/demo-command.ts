import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createSqliteMemoryStore } from '../../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../../engine/create-memp.js';
import { print } from '../cli-context.js';
import { readTrajectoryFile } from '../read-trajectory-file.js';

/** The example trajectories shipped with the package (written by the project, ALFWorld-style). */
export const DEMO_TRAJECTORIES = fileURLToPath(new URL('../../../examples/demo-trajectories.jsonl', import.meta.url));

/** New tasks the demo retrieves for: none of them is in the example trajectories. */
const DEMO_TASKS = ['put a clean mug in cabinet', 'heat some apple and put it in diningtable', 'look at cd under the desklamp'];

/** `memp demo`: learn from the shipped example trajectories into a fresh database and show retrieval. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('learn from example trajectories into a fresh database and show what retrieval returns')
    .action(async (_opts: unknown, command: Command) => {
      const given = command.optsWithGlobals<{ db?: string }>().db;
      const db = given ?? join(mkdtempSync(join(tmpdir(), 'memp-demo-')), 'memp.db');
      const memp = createMemp({ store: createSqliteMemoryStore({ path: db }), seed: 1 });
      try {
        const records = readTrajectoryFile(DEMO_TRAJECTORIES);
        const results = await memp.learnBatch({ items: records.map((r) => ({ trajectory: r.value, where: r.where })) });
        const created = results.filter((r) => r.created).length;
        print(`memp demo — database ${db}`);
        print(`learned ${results.length} example trajectories (update policy: adjustment): ${created} procedures stored, ` +
          `${results.length - created} failed episodes not stored\n`);
        for (const task of DEMO_TASKS) {
          const [best, ...rest] = await memp.retrieve({ task, k: 3 });
          print(`task: ${task}`);
          if (!best) {
            print('  no memory found\n');
            continue;
          }
          print(`  best match [${best.score.toFixed(3)}]: ${best.memory.task}`);
          for (const line of (best.memory.script ?? '').split('\n')) print(`    ${line}`);
          if (rest.length > 0) print(`  also: ${rest.map((r) => `${r.memory.task} [${r.score.toFixed(3)}]`).join('; ')}`);
          print('');
        }
        const retrieved = await memp.retrieve({ task: DEMO_TASKS[0] as string, k: 1 });
        print('what an agent gets in its prompt after the task line (paper format):');
        print(memp.render(retrieved, { format: 'memp' }));
      } finally {
        await memp.close();
      }
    });
}
