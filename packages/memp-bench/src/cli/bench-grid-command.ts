import { join } from 'node:path';
import type { Command } from 'commander';
import { MempError } from 'memp';
import { BUILD_POLICY_NAMES } from 'memp';
import { RETRIEVE_POLICY_NAMES } from 'memp';
import { RANKINGS, UPDATE_POLICY_NAMES } from 'memp';
import { formatRate, renderComparisonTable } from '../alfworld/bench/report-markdown.js';
import { runAlfworldGrid } from '../alfworld/bench/run-alfworld-grid.js';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import { type AlfworldRunFlags, addAlfworldRunOptions, alfworldRunSettings } from './alfworld-run-flags.js';
import { benchGlobalOptions, parseChoice, parseList, print } from './bench-cli-options.js';
import { runTravelplannerGridCommand } from './bench-travelplanner-command.js';
import { addSweepOptions, type BenchSweepFlags, runAlfworldSweepCommand } from './bench-sweep-command.js';
import { runTravelplannerSweepCommand } from './bench-travelplanner-sweep-command.js';
import { parseSweepAxis } from '../shared/sweep-axis.js';

/** Raw flags of `bench grid`: the shared run flags plus the policy lists and the rows to add or leave out. */
interface BenchGridFlags extends AlfworldRunFlags, BenchSweepFlags {
  builds?: string;
  retrieves?: string;
  updates?: string;
  ranks?: string;
  baseline: boolean;
  control: boolean;
  ruleInformed: boolean;
  env: string;
  folds?: string;
}

/**
 * Adds `bench grid` to `bench`: the Build × Retrieve × Update ablation on ALFWorld (or, with `--env travelplanner`,
 * on TravelPlanner), written as one comparison table.
 */
export function registerBenchGridCommand(bench: Command): void {
  addSweepOptions(
    addAlfworldRunOptions(
      bench
        .command('grid')
        .description(
          'run the Build × Retrieve × Update ablation (or, with --ks, --memory-sizes or --memory-from A,B,…, a sweep) and write one comparison table (md + html)',
        ),
    ),
  )
    .option('--builds <list>', `build policies, comma-separated (default: all of ${BUILD_POLICY_NAMES.join(',')})`)
    .option('--retrieves <list>', `retrieval policies (default: all of ${RETRIEVE_POLICY_NAMES.join(',')})`)
    .option('--updates <list>', `update policies, online only (default: all of ${UPDATE_POLICY_NAMES.join(',')})`)
    .option('--ranks <list>', `retrieval rankings, comma-separated: ${RANKINGS.join(',')} (default: the run's --rank)`)
    .option('--no-baseline', 'leave out the no-memory row')
    .option(
      '--no-control',
      'leave out the control row (alfworld: random memories of other task types; travelplanner: memories of unlike queries)',
    )
    .option('--no-rule-informed', "travelplanner: leave out the rule-informed planner's rows")
    .option('--env <name>', 'benchmark: alfworld | travelplanner', 'alfworld')
    .option('--folds <n>', 'travelplanner: folds of the gold-plan memory', '5')
    .action(runBenchGrid);
}

/** The action of `bench grid`: hands TravelPlanner grids over, runs ALFWorld grids here. */
async function runBenchGrid(flags: BenchGridFlags, command: Command): Promise<void> {
  const env = parseChoice(flags.env, ['alfworld', 'travelplanner'] as const, '--env');
  const axis = parseSweepAxis(flags);
  if (axis && env === 'travelplanner') return runTravelplannerSweepCommand(flags, axis, command);
  if (axis) return runAlfworldSweepCommand(flags, axis, command);
  if (env === 'travelplanner') {
    return runTravelplannerGridCommand(
      { ...flags, split: flags.split === 'valid_seen' ? 'train' : flags.split },
      command,
    );
  }
  if (!flags.memory)
    throw new MempError('INVALID_ARGUMENT', 'bench grid compares memory policies: --no-memory does not apply', {
      details: { field: '--no-memory' },
    });
  const builds = parseList(flags.builds, BUILD_POLICY_NAMES, '--builds');
  const retrieves = parseList(flags.retrieves, RETRIEVE_POLICY_NAMES, '--retrieves');
  const updates = parseList(flags.updates, UPDATE_POLICY_NAMES, '--updates');
  const ranks = flags.ranks === undefined ? undefined : parseList(flags.ranks, RANKINGS, '--ranks');
  const global = benchGlobalOptions(command);
  const { control, ...runFlags } = flags;
  const base = alfworldRunSettings(
    runFlags,
    {
      build: builds[0] ?? 'proceduralization',
      retrieve: retrieves[0] ?? 'query',
      update: updates[0] ?? 'adjustment',
    },
    global,
  );
  const json = global.json;
  const result = await runAlfworldGrid({
    base,
    builds,
    retrieves,
    updates,
    ...(ranks === undefined ? {} : { ranks }),
    baseline: flags.baseline,
    control,
    out: flags.out ?? join('runs', `grid-${base.split}-${base.agent}-${stamp()}`),
    progress: flags.progress ? createProgressBar() : silentProgress,
    onRun(s, i, total) {
      if (!json)
        process.stderr.write(
          `[${i + 1}/${total}] ${s.label}: SR ${formatRate(s.successRate)}, steps ${s.meanSteps.toFixed(1)}\n`,
        );
    },
  });
  if (json) {
    print(JSON.stringify({ rows: result.rows, paths: result.paths }));
  } else {
    print(renderComparisonTable({ rows: result.rows }));
    print(`\ncomparison: ${result.paths.markdown}\nreport: ${result.paths.html}`);
  }
  if (result.error) throw result.error;
}

/** The current UTC time as `YYYYMMDDTHHMMSSZ`, naming a grid's default output directory. */
function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
