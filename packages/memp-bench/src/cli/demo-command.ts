import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { createProgressBar, type ProgressReporter, silentProgress } from '../shared/progress-reporter.js';
import { formatRate } from '../alfworld/bench/report-markdown.js';
import { runAlfworldDemo } from '../alfworld/bench/run-alfworld-demo.js';
import { runTravelplannerDemo } from '../travelplanner/bench/run-travelplanner-demo.js';
import type { TravelMetrics } from '../travelplanner/bench/travel-run-summary.js';
import { parseChoice, parsePositiveInt, parseSeed, print } from './bench-cli-options.js';

const PARTS = ['alfworld', 'travelplanner'] as const;

/** Flags of `memp demo [part]`. */
interface DemoFlags {
  data?: string;
  out?: string;
  seed: string;
  limit?: string;
  progress: boolean;
}

/** What both parts of the demo take, parsed. */
interface DemoRun {
  out: string;
  seed: number;
  limit?: number;
  progress: ProgressReporter;
  began: number;
}

/**
 * `memp demo [part]`: `alfworld` (the default) runs the offline ALFWorld agent with and without procedural memory
 * (continual learning), on the project's generated games or on real ones when `ALFWORLD_DATA` (or `--data`) is set;
 * `travelplanner` runs the offline TravelPlanner learning planner on the train queries with no memory, with the control
 * (memories of unlike queries) and with memory from the gold plans (5 folds), then the rule-informed planner (the
 * constraints' meanings written by hand) with the same memory. Each prints its comparison table and the path of its HTML report.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run an offline agent with and without procedural memory and print the comparison (seeded; < 2 min): ALFWorld (default) or TravelPlanner',
    )
    .argument('[part]', `which demo: ${PARTS.join(' | ')}`, 'alfworld')
    .option(
      '--data <dir>',
      'data directory (alfworld: default $ALFWORLD_DATA, else the generated games; travelplanner: default $MEMP_TRAVELPLANNER_DATA, else shared/data/travelplanner beside the repository)',
    )
    .option('--out <dir>', 'output directory (default: a new temporary directory)')
    .option('--seed <n>', 'seed of the task order (alfworld) or the folds (travelplanner), the agent and ids', '1')
    .option('--limit <n>', 'evaluate only the first N tasks')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (partArg: string, flags: DemoFlags) => {
      const part = parseChoice(partArg, PARTS, 'demo part') ?? 'alfworld';
      const limit = parsePositiveInt(flags.limit, '--limit');
      const run: DemoRun = {
        out: flags.out ?? mkdtempSync(join(tmpdir(), `memp-demo-${part}-`)),
        seed: parseSeed(flags.seed),
        ...(limit === undefined ? {} : { limit }),
        progress: flags.progress ? createProgressBar() : silentProgress,
        began: performance.now(),
      };
      if (part === 'travelplanner') await travelplannerDemo(run, flags.data);
      else await alfworldDemo(run, flags.data ?? process.env['ALFWORLD_DATA']);
    });
}

async function alfworldDemo(run: DemoRun, data: string | undefined): Promise<void> {
  print(
    `memp demo — the offline agent (knows the action grammar, no task procedures) on ALFWorld valid_seen, ` +
      `${data ? `games from ${data}` : 'generated games (set ALFWORLD_DATA for the real ones)'}`,
  );
  const result = await runAlfworldDemo({
    ...(data ? { data } : {}),
    out: run.out,
    seed: run.seed,
    ...(run.limit === undefined ? {} : { limit: run.limit }),
    progress: run.progress,
    onRunStart: (label, i, total) => process.stderr.write(`[${i + 1}/${total}] ${label}\n`),
  });
  print('');
  const width = Math.max(...result.rows.map((r) => r.label.length), 6);
  print(`${'policy'.padEnd(width)}  success rate  mean steps  memories`);
  for (const r of result.rows) {
    print(
      `${r.label.padEnd(width)}  ${formatRate(r.successRate).padStart(12)}  ${r.meanSteps.toFixed(1).padStart(10)}  ${String(r.memory.final).padStart(8)}`,
    );
  }
  print(`\n${result.rows[0]?.episodes ?? 0} tasks per run, memory updated every 10 episodes; ${seconds(run)} s`);
  if (result.sample?.retrieved[0]) {
    const best = result.sample.retrieved[0];
    print(
      `\n"${result.sample.task}" failed without memory and succeeded with it; the memory's best match [${best.score.toFixed(3)}] was "${best.memory.task}".`,
    );
    print('what the agent gets in its prompt after the task line (paper format):');
    print(result.sample.rendered);
  }
  print(`\nreport: ${result.paths.html}`);
  print('next: `memp demo travelplanner` — the same comparison on TravelPlanner (offline planner, gold-plan memory).');
}

const METRICS: Array<[keyof TravelMetrics, string]> = [
  ['deliveryRate', 'Delivery'],
  ['commonsenseMicro', 'CS micro'],
  ['commonsenseMacro', 'CS macro'],
  ['hardMicro', 'HC micro'],
  ['hardMacro', 'HC macro'],
  ['finalPassRate', 'Final'],
];

async function travelplannerDemo(run: DemoRun, data: string | undefined): Promise<void> {
  print(
    'memp demo travelplanner — the offline learning planner (no model, no constraint semantics: what a constraint ' +
      'requires comes only from memory) on the TravelPlanner train queries, scored by the official evaluator; the ' +
      'rule-informed planner (constraint semantics written by hand) for reference',
  );
  const result = await runTravelplannerDemo({
    ...(data === undefined ? {} : { data }),
    out: run.out,
    seed: run.seed,
    ...(run.limit === undefined ? {} : { limit: run.limit }),
    progress: run.progress,
    onRunStart: (label, i, total) => process.stderr.write(`[${i + 1}/${total}] ${label}\n`),
  });
  print('');
  const width = Math.max(...result.rows.map((r) => r.label.length), 6);
  print(`${'policy'.padEnd(width)}  ${METRICS.map(([, name]) => name.padStart(8)).join('  ')}  memories`);
  for (const r of result.rows) {
    const cells = METRICS.map(([key]) => formatRate(r.summary[key]).padStart(8));
    print(`${r.label.padEnd(width)}  ${cells.join('  ')}  ${String(r.summary.finalMemorySize).padStart(8)}`);
  }
  print(
    `\n${result.rows[0]?.summary.queries ?? 0} queries per run; with memory, each query is planned by an engine holding the gold plans ` +
      `of the other folds (memories: per engine), never its own; ${seconds(run)} s`,
  );
  print(`\nreport: ${result.paths.html}`);
}

function seconds(run: DemoRun): string {
  return ((performance.now() - run.began) / 1000).toFixed(1);
}
