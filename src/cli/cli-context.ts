import type { Command } from 'commander';
import { MempError } from '../core/errors.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp, type Memp } from '../engine/create-memp.js';
import type { MempOptions } from '../engine/memp-options.js';

/** Options every command accepts. */
export interface GlobalOptions {
  db: string;
  namespace: string;
  json: boolean;
}

/** Reads the global options of `command` (flags, then `MEMP_DB`, then defaults). */
export function globalOptions(command: Command): GlobalOptions {
  const opts = command.optsWithGlobals<{ db?: string; namespace?: string; json?: boolean }>();
  return {
    db: opts.db ?? process.env.MEMP_DB ?? './memp.db',
    namespace: opts.namespace ?? 'default',
    json: opts.json ?? false,
  };
}

/** Opens the engine on the command's database, runs `work`, and always closes it. */
export async function withEngine<T>(
  command: Command,
  extra: Omit<MempOptions, 'store' | 'namespace'>,
  work: (memp: Memp, options: GlobalOptions) => Promise<T>,
): Promise<T> {
  const options = globalOptions(command);
  const memp = createMemp({ ...extra, store: createSqliteMemoryStore({ path: options.db }), namespace: options.namespace });
  try {
    return await work(memp, options);
  } finally {
    await memp.close();
  }
}

/** Parses a CLI choice, failing with `INVALID_ARGUMENT` naming the flag. */
export function parseChoice<T extends string>(value: string | undefined, choices: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new MempError('INVALID_ARGUMENT', `${flag} must be one of ${choices.join(', ')} (got "${value}")`, { details: { field: flag } });
}

/** Parses a positive integer flag. */
export function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new MempError('INVALID_ARGUMENT', `${flag} must be a positive integer (got "${value}")`, { details: { field: flag } });
  }
  return n;
}

/** Writes one line to stdout. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
