import type { Command } from 'commander';
import { join } from 'node:path';
import { createLlmGatewayFromSpec } from 'memp/ai';
import type { LlmGateway } from 'memp';
import { parseModelSpec } from 'memp/ai';
import { MempError } from 'memp';
import { BUILD_POLICY_NAMES } from 'memp';
import { RETRIEVE_POLICY_NAMES } from 'memp';
import { RANKINGS, UPDATE_POLICY_NAMES } from 'memp';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import {
  TRAVEL_MEMORY_CONTROLS,
  type TravelMemoryControl,
  runTravelplannerBench,
  type TravelplannerRunOptions,
} from '../travelplanner/bench/run-travelplanner-bench.js';
import { runTravelplannerEvaluate } from '../travelplanner/bench/run-travelplanner-evaluate.js';
import { runTravelplannerGrid } from '../travelplanner/bench/run-travelplanner-grid.js';
import {
  type BenchGlobalOptions,
  benchGlobalOptions,
  parseChoice,
  parsePositiveInt,
  print,
} from './bench-cli-options.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Raw flags of `bench travelplanner run` (and the shared part of `bench grid --env travelplanner`). */
interface TravelRunFlags {
  data?: string;
  split?: string;
  agent?: string;
  mode?: string;
  prompt?: string;
  memoryFrom?: string;
  k?: string;
  folds?: string;
  limit?: string;
  seed?: string;
  tokenBudget?: string;
  out?: string;
  progress: boolean;
}

function seedOf(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d+$/.test(value))
    throw new MempError('INVALID_ARGUMENT', `--seed must be a non-negative integer (got "${value}")`, {
      details: { field: '--seed' },
    });
  return Number(value);
}

function gatewayOf(flags: TravelRunFlags, global: BenchGlobalOptions): LlmGateway | undefined {
  const tokenBudget = parsePositiveInt(flags.tokenBudget, '--token-budget');
  if (global.model === undefined) {
    if (tokenBudget !== undefined)
      throw new MempError(
        'INVALID_ARGUMENT',
        "--token-budget limits the model's calls: give --model SPEC (or MEMP_MODEL)",
        { details: { field: '--token-budget' } },
      );
    return undefined;
  }
  return createLlmGatewayFromSpec({
    spec: parseModelSpec({ spec: global.model, field: '--model' }),
    ...(tokenBudget === undefined ? {} : { tokenBudget }),
  });
}

/** The run options shared by `bench travelplanner run` and `bench grid --env travelplanner`. */
export function travelRunBase(
  flags: TravelRunFlags,
  global: BenchGlobalOptions,
): Omit<TravelplannerRunOptions, 'build' | 'retrieve' | 'update' | 'memoryFrom' | 'out'> {
  const gateway = gatewayOf(flags, global);
  const agent = parseChoice(flags.agent, ['offline', 'rule-informed', 'llm'] as const, '--agent') ?? 'offline';
  const tokenBudget = parsePositiveInt(flags.tokenBudget, '--token-budget');
  const limit = parsePositiveInt(flags.limit, '--limit');
  return {
    ...(flags.data === undefined ? {} : { data: flags.data }),
    split: flags.split ?? 'train',
    agent,
    mode: parseChoice(flags.mode, ['sole-planning', 'two-stage'] as const, '--mode') ?? 'sole-planning',
    prompt: parseChoice(flags.prompt, ['direct', 'cot'] as const, '--prompt') ?? 'direct',
    k: parsePositiveInt(flags.k, '--k') ?? 3,
    folds: parsePositiveInt(flags.folds, '--folds') ?? 5,
    ...(limit === undefined ? {} : { limit }),
    seed: seedOf(flags.seed),
    ...(gateway ? { gateway } : {}),
    ...(tokenBudget === undefined ? {} : { tokenBudget }),
    progress: flags.progress ? createProgressBar() : silentProgress,
  };
}

const pctLine = (s: {
  deliveryRate: number;
  commonsenseMicro: number;
  commonsenseMacro: number;
  hardMicro: number;
  hardMacro: number;
  finalPassRate: number;
  queries: number;
}) =>
  `Delivery ${pct(s.deliveryRate)} · CS micro ${pct(s.commonsenseMicro)} · CS macro ${pct(s.commonsenseMacro)} · ` +
  `HC micro ${pct(s.hardMicro)} · HC macro ${pct(s.hardMacro)} · Final ${pct(s.finalPassRate)} (${s.queries} queries)`;

/** `memp bench grid --env travelplanner`: called by the grid command when `--env travelplanner`. */
export async function runTravelplannerGridCommand(
  flags: TravelRunFlags & {
    builds?: string;
    retrieves?: string;
    updates?: string;
    ranks?: string;
    baseline: boolean;
    control?: boolean;
    ruleInformed?: boolean;
  },
  command: Command,
): Promise<void> {
  const global = benchGlobalOptions(command);
  const list = <T extends string>(value: string | undefined, choices: readonly T[], flag: string): T[] =>
    value === undefined
      ? choices.slice()
      : value
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
          .map((x) => parseChoice(x, choices, flag) as T);
  const result = await runTravelplannerGrid({
    base: travelRunBase(flags, global),
    builds: list(flags.builds, BUILD_POLICY_NAMES, '--builds'),
    retrieves: list(flags.retrieves, RETRIEVE_POLICY_NAMES, '--retrieves'),
    updates: list(flags.updates, UPDATE_POLICY_NAMES, '--updates'),
    ...(flags.ranks === undefined ? {} : { ranks: list(flags.ranks, RANKINGS, '--ranks') }),
    baseline: flags.baseline,
    control: flags.control ?? true,
    ruleInformed: flags.ruleInformed ?? true,
    out:
      flags.out ??
      join(
        'runs',
        `grid-travelplanner-${new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z')}`,
      ),
    onRun(s, label, i, total) {
      if (!global.json) process.stderr.write(`[${i + 1}/${total}] ${label}: ${pctLine(s)}\n`);
    },
  });
  if (global.json)
    print(
      JSON.stringify({
        rows: result.rows.map((r) => ({ label: r.label, ...r.summary, byConstraint: undefined })),
        paths: result.paths,
      }),
    );
  else print(`comparison: ${result.paths.markdown}\nreport: ${result.paths.html}`);
  if (result.error) throw result.error;
}

/** `memp bench travelplanner evaluate`: the official TravelPlanner evaluator on a plan file. */
export function registerBenchTravelplannerCommand(bench: Command): void {
  const tp = bench
    .command('travelplanner')
    .description('TravelPlanner: run planners with or without memory; evaluate plan files with the official rules');
  tp.command('evaluate')
    .description(
      'evaluate a plan file (official submission JSONL { idx, query, plan }, in query order); writes summary.json, report.md, report.html',
    )
    .requiredOption('--plans <file>', 'plan file (JSONL, one line per query in order)')
    .option(
      '--data <dir>',
      'TravelPlanner data directory (default: $MEMP_TRAVELPLANNER_DATA, else shared/data/travelplanner beside the repository)',
    )
    .option('--split <name>', 'query split (only train has structured queries here)', 'train')
    .option('--out <dir>', 'output directory for summary.json, report.md, report.html')
    .option('--no-strict', 'fix the official quirks the report lists (not the official numbers)')
    .action(
      (flags: { plans: string; data?: string; split: string; out?: string; strict: boolean }, command: Command) => {
        const { summary, paths } = runTravelplannerEvaluate({
          plans: flags.plans,
          split: flags.split,
          strict: flags.strict,
          ...(flags.data === undefined ? {} : { data: flags.data }),
          ...(flags.out === undefined ? {} : { out: flags.out }),
        });
        if (benchGlobalOptions(command).json) return print(JSON.stringify(summary));
        print(
          `Delivery ${pct(summary.deliveryRate)} · CS micro ${pct(summary.commonsenseMicro)} · CS macro ${pct(summary.commonsenseMacro)} · ` +
            `HC micro ${pct(summary.hardMicro)} · HC macro ${pct(summary.hardMacro)} · Final ${pct(summary.finalPassRate)} (${summary.queries} queries)`,
        );
        for (const note of summary.notes) print(note);
        if (paths) print(`report: ${paths.html}`);
      },
    );
  tp.command('run')
    .description(
      'run a planner over the train queries with or without memory; writes summary.json, episodes.jsonl, plans.jsonl, report.md, report.html',
    )
    .option(
      '--data <dir>',
      'TravelPlanner data directory (default: $MEMP_TRAVELPLANNER_DATA, else shared/data/travelplanner beside the repository)',
    )
    .option('--split <name>', 'query split (only train has structured queries here)', 'train')
    .option(
      '--agent <name>',
      'offline (learning planner: constraint meanings only from memory) | rule-informed (hand-written constraint rules) | llm (needs --model)',
      'offline',
    )
    .option('--mode <mode>', 'sole-planning | two-stage (llm only)', 'sole-planning')
    .option('--prompt <name>', 'llm sole-planning prompt: direct | cot', 'direct')
    .option(
      '--memory-from <source>',
      "gold (the train gold plans, k-fold: never a query's own) | a memp export / trajectory JSONL file",
    )
    .option('--build <policy>', `build policy: ${BUILD_POLICY_NAMES.join('|')}`, 'proceduralization')
    .option('--retrieve <policy>', `retrieval policy: ${RETRIEVE_POLICY_NAMES.join('|')}`, 'query')
    .option('--update <policy>', `update after every episode (online): ${UPDATE_POLICY_NAMES.join('|')}`)
    .option(
      '--control <name>',
      'unlike-query: in place of retrieval, k memories of queries unlike each one (other length, cities, constraints)',
    )
    .option('--k <n>', 'memories retrieved per query', '3')
    .option('--folds <n>', 'folds of --memory-from gold', '5')
    .option('--limit <n>', 'only the first N queries')
    .option('--seed <n>', 'seed of the folds, random retrieval and ids', '1')
    .option(
      '--token-budget <n>',
      'with --model: token budget of the run; when spent the run stops, keeping its episodes',
    )
    .option('--out <dir>', 'output directory (default: runs/travelplanner-<time>)')
    .option('--no-progress', 'no progress bar on stderr')
    .action(
      async (
        flags: TravelRunFlags & { build: string; retrieve: string; update?: string; control?: string },
        command: Command,
      ) => {
        const global = benchGlobalOptions(command);
        const update = parseChoice(flags.update, UPDATE_POLICY_NAMES, '--update');
        const result = await runTravelplannerBench({
          ...travelRunBase(flags, global),
          build: parseChoice(flags.build, BUILD_POLICY_NAMES, '--build') ?? 'proceduralization',
          retrieve: parseChoice(flags.retrieve, RETRIEVE_POLICY_NAMES, '--retrieve') ?? 'query',
          ...(update === undefined ? {} : { update }),
          ...(flags.memoryFrom === undefined ? {} : { memoryFrom: flags.memoryFrom }),
          ...(flags.control === undefined
            ? {}
            : { control: parseChoice(flags.control, TRAVEL_MEMORY_CONTROLS, '--control') as TravelMemoryControl }),
          out:
            flags.out ??
            join(
              'runs',
              `travelplanner-${new Date()
                .toISOString()
                .replace(/[-:]/g, '')
                .replace(/\.\d+Z$/, 'Z')}`,
            ),
        });
        const s = result.summary;
        if (global.json) print(JSON.stringify(s));
        else {
          print(pctLine(s));
          print(`tokens ${s.tokens.input} + ${s.tokens.output} in ${s.calls} calls · ${s.steps.total} steps`);
          for (const note of s.notes) print(note);
          if (result.paths) print(`report: ${result.paths['html']}`);
        }
        if (s.stopped)
          throw new MempError(s.stopped.code === 'BUDGET_EXCEEDED' ? 'BUDGET_EXCEEDED' : 'INTERNAL', s.stopped.message);
      },
    );
}
