import type { Command } from 'commander';
import { BUILD_POLICY_NAMES, MempError } from 'memp';
import { RETRIEVE_POLICY_NAMES } from 'memp';
import { UPDATE_POLICY_NAMES } from 'memp';
import { MEMORY_CONTROLS } from '../alfworld/bench/bench-options.js';
import { formatRate, renderComparisonTable } from '../alfworld/bench/report-markdown.js';
import { runAlfworldBench } from '../alfworld/bench/run-alfworld-bench.js';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import { type AlfworldRunFlags, addAlfworldRunOptions, alfworldRunSettings } from './alfworld-run-flags.js';
import { benchGlobalOptions, parseChoice, print } from './bench-cli-options.js';

/** Raw flags of `bench alfworld`: the shared run flags plus the policies (or a control) of the one run. */
interface BenchAlfworldFlags extends AlfworldRunFlags {
  build: string;
  retrieve: string;
  update: string;
  control?: string;
}

/**
 * Adds `bench alfworld` to `bench`: one agent over an ALFWorld split with one Build × Retrieve × Update setting (or
 * a control, or no memory); writes the run's episodes, summary and reports and prints its comparison row.
 */
export function registerBenchAlfworldCommand(bench: Command): void {
  addAlfworldRunOptions(
    bench
      .command('alfworld')
      .description(
        'run an agent over an ALFWorld split with or without memory; writes episodes.jsonl, summary.json, report.md, report.html',
      ),
  )
    .option('--build <policy>', `build policy: ${BUILD_POLICY_NAMES.join('|')}`, 'proceduralization')
    .option('--retrieve <policy>', `retrieval policy: ${RETRIEVE_POLICY_NAMES.join('|')}`, 'query')
    .option('--update <policy>', `update policy (online): ${UPDATE_POLICY_NAMES.join('|')}`, 'adjustment')
    .option(
      '--control <name>',
      `a control in place of retrieval: ${MEMORY_CONTROLS.join('|')} (k random memories of other task types)`,
    )
    .action(runBenchAlfworld);
}

/** The action of `bench alfworld`. */
async function runBenchAlfworld(flags: BenchAlfworldFlags, command: Command): Promise<void> {
  const settings = alfworldRunSettings(
    flags,
    {
      build: parseChoice(flags.build, BUILD_POLICY_NAMES, '--build') ?? 'proceduralization',
      retrieve: parseChoice(flags.retrieve, RETRIEVE_POLICY_NAMES, '--retrieve') ?? 'query',
      update: parseChoice(flags.update, UPDATE_POLICY_NAMES, '--update') ?? 'adjustment',
    },
    benchGlobalOptions(command),
  );
  if (settings.hybrid !== undefined && settings.retrieve !== 'hybrid') {
    throw new MempError('INVALID_ARGUMENT', '--hybrid-settings tunes the hybrid policy: give --retrieve hybrid', {
      details: { field: '--hybrid-settings' },
    });
  }
  const result = await runAlfworldBench({
    settings,
    ...(flags.out === undefined ? {} : { out: flags.out }),
    progress: flags.progress ? createProgressBar() : silentProgress,
  });
  const s = result.summary;
  if (benchGlobalOptions(command).json) {
    print(JSON.stringify(s));
  } else {
    print(renderComparisonTable({ rows: [s] }));
    print(
      `\n${s.label}: success rate ${formatRate(s.successRate)}, mean steps ${s.meanSteps.toFixed(1)} over ${s.episodes} episodes` +
        ` (${s.memory.initial} → ${s.memory.final} memories)` +
        `${s.config.model === undefined ? '' : `; ${s.tokens.input} + ${s.tokens.output} tokens in ${s.calls} calls to ${s.config.model}`}`,
    );
    print(`report: ${result.paths?.html ?? result.dir}`);
  }
  // A spent token budget: the partial results are written; report the error and exit non-zero.
  if (result.error) throw result.error;
}
