import type { Command } from 'commander';
import { MempError } from 'memp';

/**
 * The global options of the `memp` program that the bench commands read. The `memp` CLI defines them (`--db`,
 * `--model`, `--embedder`, `--json`); the bench commands read them with the same precedence: flag, then environment
 * variable, then default.
 */
export interface BenchGlobalOptions {
  /** SQLite file of the CLI (`--db`, then `MEMP_DB`, else `./memp.db`): the model's build cache sits beside it. */
  db: string;
  /** A PostgreSQL URL was given (`--database-url` / `MEMP_DATABASE_URL`): no build cache beside a file then. */
  usesPostgres: boolean;
  /** Print JSON instead of tables. */
  json: boolean;
  /** Language model spec (`--model`, then `MEMP_MODEL`); undefined = offline (also for `offline`). */
  model?: string;
  /** Embedder spec (`--embedder`, then `MEMP_EMBEDDER`); undefined = the offline embedder. */
  embedder?: string;
}

/** Reads the `memp` program's global options as the bench commands use them. */
export function benchGlobalOptions(command: Command): BenchGlobalOptions {
  const opts = command.optsWithGlobals<{
    db?: string;
    databaseUrl?: string;
    json?: boolean;
    model?: string;
    embedder?: string;
  }>();
  const model = (opts.model ?? process.env.MEMP_MODEL)?.trim();
  const embedder = (opts.embedder ?? process.env.MEMP_EMBEDDER)?.trim();
  return {
    db: opts.db ?? process.env.MEMP_DB ?? './memp.db',
    usesPostgres: Boolean((opts.databaseUrl ?? process.env.MEMP_DATABASE_URL)?.trim()),
    json: opts.json ?? false,
    ...(model && model !== 'offline' ? { model } : {}),
    ...(embedder ? { embedder } : {}),
  };
}

/**
 * The file where a run with a model caches build outputs so a rerun does not pay twice: `$MEMP_BUILD_CACHE`, else
 * beside the SQLite file (none for `:memory:` or PostgreSQL).
 */
export function buildCachePath(options: BenchGlobalOptions): string | undefined {
  const configured = process.env.MEMP_BUILD_CACHE?.trim();
  if (configured) return configured;
  return options.db === ':memory:' || options.usesPostgres ? undefined : `${options.db}.build-cache.jsonl`;
}

/** A flag's value when it is one of `choices`; `INVALID_ARGUMENT` naming the flag otherwise. */
export function parseChoice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  const found = choices.find((choice) => choice === value);
  if (found !== undefined) return found;
  throw new MempError('INVALID_ARGUMENT', `${flag} must be one of ${choices.join(', ')} (got "${value}")`, {
    details: { field: flag },
  });
}

/** A flag's value as a positive integer; `INVALID_ARGUMENT` naming the flag otherwise. */
export function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (Number.isInteger(parsed) && parsed >= 1) return parsed;
  throw new MempError('INVALID_ARGUMENT', `${flag} must be a positive integer (got "${value}")`, {
    details: { field: flag },
  });
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

/**
 * A comma-separated list of `choices` (each once, in the given order); all of `choices` when the flag is absent;
 * `INVALID_ARGUMENT` naming the flag when the list is empty or holds an unknown item.
 */
export function parseList<T extends string>(value: string | undefined, choices: readonly T[], flag: string): T[] {
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

/** Writes one line to stdout. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
