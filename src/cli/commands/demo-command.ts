import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { createProgressBar, silentProgress } from '../../benchmarks/shared/progress-reporter.js';
import { formatRate } from '../../benchmarks/alfworld/bench/report-markdown.js';
import { runAlfworldDemo } from '../../benchmarks/alfworld/bench/run-alfworld-demo.js';
import { parsePositiveInt, print } from '../cli-context.js';
import { parseSeed } from './bench-command.js';

/**
 * `memp demo`: the offline ALFWorld agent with and without procedural memory (continual learning), on the
 * project's generated games or on real ones when `ALFWORLD_DATA` (or `--data`) is set; prints the comparison
 * table and the path of the HTML report.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the offline ALFWorld agent with and without procedural memory and print the comparison (seeded; < 2 min)')
    .option('--data <dir>', 'ALFWorld data directory (default: $ALFWORLD_DATA, else the generated games)')
    .option('--out <dir>', 'output directory (default: a new temporary directory)')
    .option('--seed <n>', 'seed of the task order, the agent and ids', '1')
    .option('--limit <n>', 'evaluate only the first N tasks')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags: { data?: string; out?: string; seed: string; limit?: string; progress: boolean }) => {
      const data = flags.data ?? process.env['ALFWORLD_DATA'];
      const seed = parseSeed(flags.seed);
      const limit = parsePositiveInt(flags.limit, '--limit');
      const out = flags.out ?? mkdtempSync(join(tmpdir(), 'memp-demo-'));
      const began = performance.now();
      print(`memp demo — the offline agent (knows the action grammar, no task procedures) on ALFWorld valid_seen, ` +
        `${data ? `games from ${data}` : 'generated games (set ALFWORLD_DATA for the real ones)'}`);
      const result = await runAlfworldDemo({
        ...(data ? { data } : {}), out, seed, ...(limit === undefined ? {} : { limit }),
        progress: flags.progress ? createProgressBar() : silentProgress,
        onRunStart: (label, i, total) => process.stderr.write(`[${i + 1}/${total}] ${label}\n`),
      });
      print('');
      const width = Math.max(...result.rows.map((r) => r.label.length), 6);
      print(`${'policy'.padEnd(width)}  success rate  mean steps  memories`);
      for (const r of result.rows) {
        print(`${r.label.padEnd(width)}  ${formatRate(r.successRate).padStart(12)}  ${r.meanSteps.toFixed(1).padStart(10)}  ${String(r.memory.final).padStart(8)}`);
      }
      print(`\n${result.rows[0]?.episodes ?? 0} tasks per run, memory updated every 10 episodes; ${((performance.now() - began) / 1000).toFixed(1)} s`);
      if (result.sample?.retrieved[0]) {
        const best = result.sample.retrieved[0];
        print(`\n"${result.sample.task}" failed without memory and succeeded with it; the memory's best match [${best.score.toFixed(3)}] was "${best.memory.task}".`);
        print('what the agent gets in its prompt after the task line (paper format):');
        print(result.sample.rendered);
      }
      print(`\nreport: ${result.paths.html}`);
    });
}
