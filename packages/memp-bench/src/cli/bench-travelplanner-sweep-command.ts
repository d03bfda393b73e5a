import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BUILD_POLICY_NAMES, RETRIEVE_POLICY_NAMES, MempError } from 'memp';
import { type SweepAxis, type SweepFlags, parseSeedList, parseTokenPrices } from '../shared/sweep-axis.js';
import { runTravelplannerSweep } from '../travelplanner/bench/run-travelplanner-sweep.js';
import { benchGlobalOptions, parseChoice, parseList, parseSeed, print } from './bench-cli-options.js';
import { stamp } from './bench-sweep-command.js';
import { travelRunBase } from './bench-travelplanner-command.js';

/** Raw flags of `bench grid --env travelplanner` with a sweep axis. */
interface TravelSweepFlags extends SweepFlags {
  data?: string;
  split?: string;
  agent?: string;
  mode?: string;
  prompt?: string;
  k?: string;
  folds?: string;
  limit?: string;
  seed?: string;
  tokenBudget?: string;
  out?: string;
  progress: boolean;
  builds?: string;
  retrieves?: string;
  baseline: boolean;
  stratifyBy?: string;
}

/**
 * `bench grid --env travelplanner` with `--ks` or `--memory-sizes`: the first build and retrieve policy listed, memory
 * from the gold plans (k-fold), one run per axis value and seed plus a no-memory run per seed. Prints the sweep
 * table and the report path.
 */
export async function runTravelplannerSweepCommand(
  flags: TravelSweepFlags,
  axis: SweepAxis,
  command: Command,
): Promise<void> {
  const global = benchGlobalOptions(command);
  if (axis.name === 'memory-size' && axis.source.text !== 'gold')
    throw new MempError(
      'INVALID_ARGUMENT',
      `--memory-sizes on TravelPlanner samples the gold plans: give --memory-from gold (got ${axis.source.text})`,
      { details: { field: '--memory-from' } },
    );
  const [build] = flags.builds === undefined ? [] : parseList(flags.builds, BUILD_POLICY_NAMES, '--builds');
  const [retrieve] =
    flags.retrieves === undefined ? [] : parseList(flags.retrieves, RETRIEVE_POLICY_NAMES, '--retrieves');
  const split = flags.split === undefined || flags.split === 'valid_seen' ? 'train' : flags.split;
  const { seed: _seed, ...base } = travelRunBase({ ...flags, split }, global);
  parseChoice(flags.mode, ['sole-planning', 'two-stage'] as const, '--mode');
  const seeds = parseSeedList(flags.seeds, parseSeed(flags.seed));
  const prices = parseTokenPrices(flags);
  const result = await runTravelplannerSweep({
    base: {
      ...base,
      ...(build ? { build } : {}),
      ...(retrieve ? { retrieve } : {}),
      ...(flags.stratifyBy === undefined ? {} : { stratifyBy: flags.stratifyBy }),
    },
    axis,
    seeds,
    baseline: flags.baseline,
    ...(prices ? { prices } : {}),
    out: flags.out ?? join('runs', `sweep-${axis.name}-travelplanner-${base.agent ?? 'offline'}-${stamp()}`),
    onRun(s, label, i, total) {
      if (!global.json)
        process.stderr.write(
          `[${i + 1}/${total}] ${label}: final ${(s.finalPassRate * 100).toFixed(1)}% · CS micro ${(s.commonsenseMicro * 100).toFixed(1)}%\n`,
        );
    },
  });
  if (global.json) print(JSON.stringify({ points: result.points, paths: result.paths }));
  else {
    print(readFileSync(result.paths.markdown, 'utf8'));
    print(`sweep report: ${result.paths.html}`);
  }
  if (result.error) throw result.error;
}
