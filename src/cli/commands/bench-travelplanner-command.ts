import type { Command } from 'commander';
import { runTravelplannerEvaluate } from '../../benchmarks/travelplanner/bench/run-travelplanner-evaluate.js';
import { globalOptions, print } from '../cli-context.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `memp bench travelplanner evaluate`: the official TravelPlanner evaluator on a plan file. */
export function registerBenchTravelplannerCommand(bench: Command): void {
  const tp = bench.command('travelplanner').description('TravelPlanner: evaluate plan files with the official rules');
  tp.command('evaluate')
    .description('evaluate a plan file (official submission JSONL { idx, query, plan }, in query order); writes summary.json, report.md, report.html')
    .requiredOption('--plans <file>', 'plan file (JSONL, one line per query in order)')
    .option('--data <dir>', 'TravelPlanner data directory (default: $MEMP_TRAVELPLANNER_DATA, else ../shared/data/travelplanner)')
    .option('--split <name>', 'query split (only train has structured queries here)', 'train')
    .option('--out <dir>', 'output directory for summary.json, report.md, report.html')
    .option('--no-strict', 'fix the official quirks the report lists (not the official numbers)')
    .action((flags: { plans: string; data?: string; split: string; out?: string; strict: boolean }, command: Command) => {
      const { summary, paths } = runTravelplannerEvaluate({
        plans: flags.plans, split: flags.split, strict: flags.strict,
        ...(flags.data === undefined ? {} : { data: flags.data }),
        ...(flags.out === undefined ? {} : { out: flags.out }),
      });
      if (globalOptions(command).json) return print(JSON.stringify(summary));
      print(`Delivery ${pct(summary.deliveryRate)} · CS micro ${pct(summary.commonsenseMicro)} · CS macro ${pct(summary.commonsenseMacro)} · ` +
        `HC micro ${pct(summary.hardMicro)} · HC macro ${pct(summary.hardMacro)} · Final ${pct(summary.finalPassRate)} (${summary.queries} queries)`);
      for (const note of summary.notes) print(note);
      if (paths) print(`report: ${paths.html}`);
    });
}
