import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MempError } from 'memp';
import { formatRate } from '../alfworld/bench/report-markdown.js';
import { runAlfworldSweep } from '../alfworld/bench/run-alfworld-sweep.js';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import { type SweepAxis, type SweepFlags, parseSeedList, parseTokenPrices } from '../shared/sweep-axis.js';
import { type AlfworldRunFlags, alfworldRunSettings } from './alfworld-run-flags.js';
import { benchGlobalOptions, parseList, parseSeed, print } from './bench-cli-options.js';
import { BUILD_POLICY_NAMES, RETRIEVE_POLICY_NAMES, UPDATE_POLICY_NAMES } from 'memp';

/** Adds the sweep flags to `bench grid`: the axis (`--ks`, `--memory-sizes`, several `--memory-from`), seeds, prices. */
export function addSweepOptions(command: Command): Command {
  return command
    .option('--ks <list>', 'sweep k: one row per k (same seed, same memory), e.g. 1,2,3,5,8,12')
    .option(
      '--memory-sizes <list>',
      'sweep memory size: one row per size, each a seeded sample of --memory-from stratified by family, e.g. 10,30,100,300,1000,3553',
    )
    .option(
      '--seeds <list>',
      'sweeps: run every point once per seed (mean and spread per point), e.g. 1,2,3 (default: --seed)',
    )
    .option(
      '--stratify-by <field>',
      "sweeps: trajectory field naming a trajectory's family for --memory-sizes samples (default meta.taskType on ALFWorld, meta.level on TravelPlanner)",
    )
    .option(
      '--resume',
      'sweeps: keep the runs a previous sweep into the same --out completed (same seed, k, agent) instead of running them again',
    )
    .option('--price-in <usd>', 'sweeps with a model: USD per million input tokens (for the cost column)')
    .option('--price-out <usd>', 'sweeps with a model: USD per million output tokens');
}

/** The raw flags of a sweep: the grid's plus the sweep options. */
export interface BenchSweepFlags extends AlfworldRunFlags, SweepFlags {
  builds?: string;
  retrieves?: string;
  updates?: string;
  baseline: boolean;
  stratifyBy?: string;
  resume?: boolean;
}

/**
 * `bench grid` with a sweep axis on ALFWorld: the first build, retrieve and update policy listed (default
 * proceduralization, query, adjustment), one run per axis value and seed, plus a no-memory run per seed; prints
 * the sweep table and the report paths.
 */
export async function runAlfworldSweepCommand(
  flags: BenchSweepFlags,
  axis: SweepAxis,
  command: Command,
): Promise<void> {
  if (!flags.memory)
    throw new MempError('INVALID_ARGUMENT', 'a sweep compares memories: --no-memory does not apply', {
      details: { field: '--no-memory' },
    });
  if (axis.name === 'k' && flags.memoryFrom === undefined && flags.mode !== 'online')
    throw new MempError(
      'INVALID_ARGUMENT',
      '--ks sweeps k over a memory: give --memory-from SOURCE (or --mode online)',
      {
        details: { field: '--memory-from' },
      },
    );
  const global = benchGlobalOptions(command);
  const [build] = flags.builds === undefined ? [] : parseList(flags.builds, BUILD_POLICY_NAMES, '--builds');
  const [retrieve] =
    flags.retrieves === undefined ? [] : parseList(flags.retrieves, RETRIEVE_POLICY_NAMES, '--retrieves');
  const [update] = flags.updates === undefined ? [] : parseList(flags.updates, UPDATE_POLICY_NAMES, '--updates');
  const memoryFrom =
    axis.name === 'memory-from'
      ? axis.values[0]?.text
      : axis.name === 'memory-size'
        ? axis.source.text
        : flags.memoryFrom;
  const { control: _gridControl, ...runFlags } = flags as BenchSweepFlags & { control?: unknown };
  const base = alfworldRunSettings(
    {
      ...runFlags,
      ...(memoryFrom === undefined ? {} : { memoryFrom }),
      ...(axis.name === 'k' ? {} : { mode: 'offline' }),
    },
    {
      build: build ?? 'proceduralization',
      retrieve: retrieve ?? 'query',
      update: update ?? 'adjustment',
    },
    global,
  );
  const seeds = parseSeedList(flags.seeds, parseSeed(flags.seed));
  const prices = parseTokenPrices(flags);
  const json = global.json;
  const result = await runAlfworldSweep({
    base,
    axis,
    seeds,
    baseline: flags.baseline,
    ...(flags.resume ? { resume: true } : {}),
    ...(flags.stratifyBy === undefined ? {} : { stratifyBy: flags.stratifyBy }),
    ...(prices ? { prices } : {}),
    out: flags.out ?? join('runs', `sweep-${axis.name}-${base.split}-${base.agent}-${stamp()}`),
    progress: flags.progress ? createProgressBar() : silentProgress,
    onRun(s, i, total) {
      if (!json)
        process.stderr.write(
          `[${i + 1}/${total}] ${s.label}: SR ${formatRate(s.successRate)}, steps ${s.meanSteps.toFixed(1)}\n`,
        );
    },
  });
  if (json) {
    print(JSON.stringify({ points: result.points, paths: result.paths }));
  } else {
    print(readFileSync(result.paths.sweep.markdown, 'utf8'));
    print(`comparison: ${result.paths.markdown}\nsweep report: ${result.paths.sweep.html}`);
  }
  if (result.error) throw result.error;
}

/** The current UTC time as `YYYYMMDDTHHMMSSZ`, naming a sweep's default output directory. */
export function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
