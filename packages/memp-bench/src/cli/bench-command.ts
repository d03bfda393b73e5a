import { join } from 'node:path';
import type { Command } from 'commander';
import { MempError } from 'memp';
import { BUILD_POLICY_NAMES } from 'memp';
import { RETRIEVE_POLICY_NAMES } from 'memp';
import { UPDATE_POLICY_NAMES } from 'memp';
import {
  BENCH_AGENT_NAMES,
  MEMORY_CONTROLS,
  resolveRunSettings,
  type AlfworldRunSettings,
  type BenchModelSettings,
} from '../alfworld/bench/bench-options.js';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import { formatRate, renderComparisonTable } from '../alfworld/bench/report-markdown.js';
import { runAlfworldBench } from '../alfworld/bench/run-alfworld-bench.js';
import { runAlfworldGrid } from '../alfworld/bench/run-alfworld-grid.js';
import { runAlfworldRetrievalQuality } from '../alfworld/bench/run-alfworld-retrieval-quality.js';
import { registerBenchTravelplannerCommand, runTravelplannerGridCommand } from './bench-travelplanner-command.js';
import {
  type BenchGlobalOptions,
  benchGlobalOptions,
  buildCachePath,
  parseChoice,
  parsePositiveInt,
  print,
} from './bench-cli-options.js';

/** Raw flags shared by `bench alfworld` and `bench grid`. */
interface RunFlags {
  data?: string;
  split: string;
  agent: string;
  observation?: string;
  k?: string;
  minScore?: string;
  mode?: string;
  memoryFrom?: string;
  memory: boolean;
  batch?: string;
  limit?: string;
  seed?: string;
  maxSteps?: string;
  legacyPut: boolean;
  out?: string;
  progress: boolean;
  tokenBudget?: string;
  concurrency?: string;
  timeoutMs?: string;
  consolidate?: boolean;
  onBuildError?: string;
}

const AGENTS = BENCH_AGENT_NAMES.join('|');

function addRunOptions(command: Command): Command {
  return command
    .option(
      '--data <dir>',
      'ALFWorld data directory holding json_2.1.1/ (default: $ALFWORLD_DATA, else the generated games)',
    )
    .option('--split <name>', 'split to evaluate on', 'valid_seen')
    .option('--agent <name>', `agent: ${AGENTS}`, 'offline')
    .option(
      '--observation <mode>',
      `what the agent observes: text (observation only; the default) | admissible (plus the admissible-action list, offline agent only)`,
    )
    .option('--k <n>', 'memories retrieved per task', '3')
    .option('--min-score <x>', 'minimum similarity of a retrieved memory, in [-1, 1] (not applied to random retrieval)')
    .option(
      '--mode <mode>',
      'offline (fixed memory from --memory-from) | online (updated per batch); default: offline with --memory-from, else online',
    )
    .option(
      '--memory-from <source>',
      'initial memory: a split (expert replays of its games, e.g. train) or a memp export / trajectory JSONL file',
    )
    .option('--no-memory', 'run the agent without any memory')
    .option('--batch <n>', 'episodes per batch (learning-curve point; online update period)', '10')
    .option('--limit <n>', 'run only the first N tasks of the (seed-shuffled) split')
    .option('--seed <n>', 'seed of the task order, the agent, random retrieval and ids', '1')
    .option('--max-steps <n>', 'episode cap in actions', '50')
    .option(
      '--legacy-put',
      'compatibility: the environment also accepts the older grammar\'s "put X in/on Y" (recorded in summary.json)',
      false,
    )
    .option('--out <dir>', 'output directory (default: runs/<run-id>)')
    .option('--no-progress', 'no progress bar on stderr')
    .option(
      '--token-budget <n>',
      'with --model: token budget of a run (input + output, agent + policies); when spent the run stops, keeping its episodes',
    )
    .option('--concurrency <n>', 'with --model: provider calls in flight at most (default 4)')
    .option('--timeout-ms <n>', 'with --model: time limit of one provider call in ms (default 60000)')
    .option(
      '--consolidate',
      'consolidate on learn: a memory that says what an existing one says is absorbed by it (its support grows) instead of added',
    )
    .option(
      '--on-build-error <mode>',
      'when the model fails building a memory: fail (stop) | offline (build it offline, marked for `memp rebuild`) | skip (leave the trajectory out)',
      'fail',
    );
}

/** The run's model settings from `--model`/`MEMP_MODEL` and the budget flags; budget flags without a model are refused. */
function modelSettings(flags: RunFlags, global: BenchGlobalOptions): BenchModelSettings | undefined {
  const tokenBudget = parsePositiveInt(flags.tokenBudget, '--token-budget');
  const concurrency = parsePositiveInt(flags.concurrency, '--concurrency');
  const timeoutMs = parsePositiveInt(flags.timeoutMs, '--timeout-ms');
  if (global.model === undefined) {
    const given = [
      ['--token-budget', tokenBudget],
      ['--concurrency', concurrency],
      ['--timeout-ms', timeoutMs],
    ].find(([, v]) => v !== undefined);
    if (given) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `${String(given[0])} limits the model's calls: give --model SPEC (or MEMP_MODEL)`,
        { details: { field: given[0] } },
      );
    }
    return undefined;
  }
  const cache = buildCachePath(global);
  return {
    spec: global.model,
    ...(tokenBudget === undefined ? {} : { tokenBudget }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(cache === undefined ? {} : { buildCache: cache }),
  };
}

function runSettings(
  flags: RunFlags & { control?: string },
  policies: Pick<AlfworldRunSettings, 'build' | 'retrieve' | 'update'>,
  global: BenchGlobalOptions,
): AlfworldRunSettings {
  const model = modelSettings(flags, global);
  const mode = parseChoice(flags.mode, ['offline', 'online'] as const, '--mode');
  const limit = parsePositiveInt(flags.limit, '--limit');
  const data = flags.data ?? process.env['ALFWORLD_DATA'];
  return resolveRunSettings({
    ...(data ? { data } : {}),
    split: flags.split,
    agent: flags.agent,
    ...(flags.observation === undefined ? {} : { observation: flags.observation }),
    ...(flags.control === undefined ? {} : { control: flags.control }),
    ...policies,
    k: parsePositiveInt(flags.k, '--k') ?? 3,
    ...(flags.minScore === undefined ? {} : { minScore: parseScore(flags.minScore) }),
    ...(mode === undefined ? {} : { mode }),
    ...(flags.memoryFrom === undefined ? {} : { memoryFrom: flags.memoryFrom }),
    noMemory: !flags.memory,
    ...(flags.consolidate === true ? { consolidate: true } : {}),
    batch: parsePositiveInt(flags.batch, '--batch') ?? 10,
    ...(limit === undefined ? {} : { limit }),
    seed: parseSeed(flags.seed),
    maxSteps: parsePositiveInt(flags.maxSteps, '--max-steps') ?? 50,
    legacyPut: flags.legacyPut,
    ...(model === undefined ? {} : { model }),
    ...(global.embedder === undefined ? {} : { embedder: global.embedder }),
    onBuildError: parseChoice(flags.onBuildError, ['fail', 'offline', 'skip'] as const, '--on-build-error') ?? 'fail',
  });
}

function parseScore(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < -1 || n > 1) {
    throw new MempError('INVALID_ARGUMENT', `--min-score must be a number in [-1, 1] (got "${value}")`, {
      details: { field: '--min-score' },
    });
  }
  return n;
}

/** Parses `--seed`: a non-negative integer, default 1. */
export function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new MempError('INVALID_ARGUMENT', `--seed must be a non-negative integer (got "${value}")`, {
      details: { field: '--seed' },
    });
  }
  return n;
}

function parseList<T extends string>(value: string | undefined, choices: readonly T[], flag: string): T[] {
  if (value === undefined) return choices.slice();
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw new MempError('INVALID_ARGUMENT', `${flag} must list at least one of ${choices.join(', ')}`, {
      details: { field: flag },
    });
  const out: T[] = [];
  for (const item of items) {
    const choice = parseChoice(item, choices, flag);
    if (choice !== undefined && !out.includes(choice)) out.push(choice);
  }
  return out;
}

function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** `memp bench alfworld | grid | retrieval-quality`: the paper's ALFWorld experiments. */
export function registerBenchCommand(program: Command): void {
  const bench = program.command('bench').description("run the paper's benchmarks (ALFWorld) and write reports");

  addRunOptions(
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
    .action(
      async (
        flags: RunFlags & { build: string; retrieve: string; update: string; control?: string },
        command: Command,
      ) => {
        const settings = runSettings(
          flags,
          {
            build: parseChoice(flags.build, BUILD_POLICY_NAMES, '--build') ?? 'proceduralization',
            retrieve: parseChoice(flags.retrieve, RETRIEVE_POLICY_NAMES, '--retrieve') ?? 'query',
            update: parseChoice(flags.update, UPDATE_POLICY_NAMES, '--update') ?? 'adjustment',
          },
          benchGlobalOptions(command),
        );
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
      },
    );

  addRunOptions(
    bench
      .command('grid')
      .description('run the Build × Retrieve × Update ablation and write one comparison table (md + html)'),
  )
    .option('--builds <list>', `build policies, comma-separated (default: all of ${BUILD_POLICY_NAMES.join(',')})`)
    .option('--retrieves <list>', `retrieval policies (default: all of ${RETRIEVE_POLICY_NAMES.join(',')})`)
    .option('--updates <list>', `update policies, online only (default: all of ${UPDATE_POLICY_NAMES.join(',')})`)
    .option('--no-baseline', 'leave out the no-memory row')
    .option('--no-control', 'leave out the control row (random memories of other task types)')
    .option('--env <name>', 'benchmark: alfworld | travelplanner', 'alfworld')
    .option('--folds <n>', 'travelplanner: folds of the gold-plan memory', '5')
    .action(
      async (
        flags: RunFlags & {
          builds?: string;
          retrieves?: string;
          updates?: string;
          baseline: boolean;
          control: boolean;
          env: string;
          folds?: string;
        },
        command: Command,
      ) => {
        if (parseChoice(flags.env, ['alfworld', 'travelplanner'] as const, '--env') === 'travelplanner') {
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
        const global = benchGlobalOptions(command);
        const { control, ...runFlags } = flags;
        const base = runSettings(
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
      },
    );

  bench
    .command('retrieval-quality')
    .description('share of top-1 retrieved memories with the query task type, per retrieval policy (no agent)')
    .option('--data <dir>', 'ALFWorld data directory (default: $ALFWORLD_DATA, else the generated games)')
    .option('--split <name>', 'split whose tasks are the queries', 'valid_seen')
    .option('--memory-from <source>', 'memory: a split (expert replays) or a memp export / trajectory file', 'train')
    .option('--build <policy>', `build policy of the memory: ${BUILD_POLICY_NAMES.join('|')}`, 'proceduralization')
    .option('--policies <list>', `retrieval policies (default: ${RETRIEVE_POLICY_NAMES.join(',')})`)
    .option('--k <n>', 'memories per query (top-k share)', '3')
    .option('--limit <n>', 'only the first N queries (seed-shuffled)')
    .option('--seed <n>', 'seed of random retrieval and the query order', '1')
    .option('--no-progress', 'no progress bar on stderr')
    .action(
      async (
        flags: {
          data?: string;
          split: string;
          memoryFrom: string;
          build: string;
          policies?: string;
          k?: string;
          limit?: string;
          seed?: string;
          progress: boolean;
        },
        command: Command,
      ) => {
        const data = flags.data ?? process.env['ALFWORLD_DATA'];
        const limit = parsePositiveInt(flags.limit, '--limit');
        const result = await runAlfworldRetrievalQuality({
          ...(data ? { data } : {}),
          split: flags.split,
          memoryFrom: flags.memoryFrom,
          build: parseChoice(flags.build, BUILD_POLICY_NAMES, '--build') ?? 'proceduralization',
          policies: parseList(flags.policies, RETRIEVE_POLICY_NAMES, '--policies'),
          k: parsePositiveInt(flags.k, '--k') ?? 3,
          ...(limit === undefined ? {} : { limit }),
          seed: parseSeed(flags.seed),
          progress: flags.progress ? createProgressBar() : silentProgress,
        });
        if (benchGlobalOptions(command).json) return print(JSON.stringify(result));
        print(`queries: ${result.split} task sentences; memory: ${result.memories} memories from ${result.memoryFrom}`);
        print('| Retrieve | Top-1 same task type | Top-k same task type | Mean ms |');
        print('| --- | ---: | ---: | ---: |');
        for (const r of result.results) {
          print(
            `| ${r.policy} | ${formatRate(r.top1SameType)} | ${formatRate(r.topKSameType)} (k=${r.k}) | ${r.meanMs.toFixed(2)} |`,
          );
        }
      },
    );
  registerBenchTravelplannerCommand(bench);
}
