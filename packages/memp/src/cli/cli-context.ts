import type { Command } from 'commander';
import { MempError } from '../core/errors.js';
import { loadActionGrammar } from './load-action-grammar.js';
import { type PostgresTuning, readPostgresTuning } from './postgres-tuning.js';
import type { LlmGateway } from '../adapters/llm/llm-gateway.js';
import type { Memp } from '../engine/create-memp.js';
import type { MempOptions } from '../engine/memp-options.js';
import type { StoreLocation } from './open-store.js';

/** Options every command accepts. */
export interface GlobalOptions {
  db: string;
  /** PostgreSQL URL (`--database-url`, then `MEMP_DATABASE_URL`); when set, the store is PostgreSQL, not `db`. */
  databaseUrl?: string;
  namespace: string;
  json: boolean;
  /** Language model spec (`--model`, then `MEMP_MODEL`); undefined = offline policies (also for `offline`). */
  model?: string;
  /** Embedder spec (`--embedder`, then `MEMP_EMBEDDER`); undefined = the offline hashing embedder. */
  embedder?: string;
  /** The action grammar of the offline policies: `generic` or a JSON grammar file (`--grammar`, then `MEMP_GRAMMAR`). */
  grammar: string;
  /** PostgreSQL pool size and search threshold (see `readPostgresTuning`); empty for SQLite. */
  postgres?: PostgresTuning;
}

/** Reads the global options of `command` (flags, then `MEMP_DB` / `MEMP_DATABASE_URL`, then defaults). */
export function globalOptions(command: Command): GlobalOptions {
  const opts = command.optsWithGlobals<{
    db?: string;
    databaseUrl?: string;
    namespace?: string;
    json?: boolean;
    model?: string;
    embedder?: string;
    grammar?: string;
    poolSize?: string;
    exactSearchMaxRows?: string;
    vectorCacheMaxRows?: string;
  }>();
  const databaseUrl = (opts.databaseUrl ?? process.env.MEMP_DATABASE_URL)?.trim();
  const model = (opts.model ?? process.env.MEMP_MODEL)?.trim();
  const embedder = (opts.embedder ?? process.env.MEMP_EMBEDDER)?.trim();
  const db = opts.db ?? process.env.MEMP_DB ?? './memp.db';
  if (db.trim() === '') {
    const field = opts.db === undefined ? 'MEMP_DB' : '--db';
    throw new MempError(
      'INVALID_ARGUMENT',
      `${field} is empty: give a database file (or ':memory:' for a throwaway database)`,
      {
        details: { field },
      },
    );
  }
  const postgres = readPostgresTuning(opts, process.env, Boolean(databaseUrl));
  return {
    db,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(Object.keys(postgres).length > 0 ? { postgres } : {}),
    namespace: opts.namespace ?? 'default',
    json: opts.json ?? false,
    grammar: (opts.grammar ?? process.env.MEMP_GRAMMAR)?.trim() || 'generic',
    ...(model && model !== 'offline' ? { model } : {}),
    ...(embedder ? { embedder } : {}),
  };
}

/**
 * Validates `--model` / `--embedder` (or `MEMP_MODEL` / `MEMP_EMBEDDER`) before any work: the spec's syntax and
 * provider (`INVALID_ARGUMENT`) and the provider's key in the environment (`UNAUTHORIZED`). Makes no request. The
 * model adapters are loaded only when a model or embedder is given, so the CLI starts without them.
 */
export async function validateModelOptions(command: Command): Promise<void> {
  const { model, embedder } = globalOptions(command);
  await modelGateway({ model });
  if (embedder !== undefined) {
    const { parseEmbedderSpec } = await import('../adapters/llm/model-spec.js');
    const spec = parseEmbedderSpec({ spec: embedder, field: '--embedder' });
    if (spec.provider === 'offline') return;
    const { createEmbeddingModelFromSpec } = await import('../adapters/llm/create-embedder-from-spec.js');
    createEmbeddingModelFromSpec({ spec });
  }
}

/**
 * The run's gateway for the command's `--model` (undefined offline), with the gateway's default limits. Build outputs
 * are cached next to the database (`<db>.build-cache.jsonl`, or `$MEMP_BUILD_CACHE`) so a rerun does not pay twice.
 */
export async function modelGateway(options: Pick<GlobalOptions, 'model'>): Promise<LlmGateway | undefined> {
  if (options.model === undefined) return undefined;
  const { parseModelSpec } = await import('../adapters/llm/model-spec.js');
  const { createLlmGatewayFromSpec } = await import('../adapters/llm/create-llm-gateway-from-spec.js');
  return createLlmGatewayFromSpec({ spec: parseModelSpec({ spec: options.model, field: '--model' }) });
}

/**
 * The build-output cache file the CLI uses with a model: `$MEMP_BUILD_CACHE`, else beside a SQLite file (none
 * with PostgreSQL unless `$MEMP_BUILD_CACHE` is set).
 */
export function buildCachePath(options: GlobalOptions): string | undefined {
  const configured = process.env.MEMP_BUILD_CACHE?.trim();
  if (configured) return configured;
  return options.db === ':memory:' || options.databaseUrl !== undefined ? undefined : `${options.db}.build-cache.jsonl`;
}

/** Opens the engine on the command's store (PostgreSQL with a database URL, else SQLite), runs `work`, and always closes it. */
export async function withEngine<T>(
  command: Command,
  extra: Omit<MempOptions, 'store' | 'namespace'>,
  work: (memp: Memp, options: GlobalOptions) => Promise<T>,
  /** How the store is opened beyond the global options (`memp serve`: SQLite checkpoints in the background). */
  storeOptions: Pick<StoreLocation, 'sqliteCheckpoints'> = {},
): Promise<T> {
  const options = globalOptions(command);
  await validateModelOptions(command);
  const model = await modelGateway(options);
  const cachePath = model === undefined ? undefined : buildCachePath(options);
  const embedder = options.embedder === undefined ? undefined : await embedderFor(options.embedder);
  const buildCache =
    cachePath === undefined
      ? undefined
      : (await import('../adapters/llm/file-build-cache.js')).createFileBuildCache({ path: cachePath });
  // A bad grammar file fails before the store is opened, so it leaves no database behind.
  const grammar = loadActionGrammar(options.grammar);
  const { createMemp } = await import('../composition/create-memp.js');
  const { openStore } = await import('./open-store.js');
  const store = await openStore({ ...options, ...storeOptions });
  let memp: Memp;
  try {
    memp = createMemp({
      ...(model === undefined ? {} : { model }),
      ...(buildCache === undefined ? {} : { buildCache }),
      ...(embedder === undefined ? {} : { embedder }),
      grammar,
      ...extra,
      store,
      namespace: options.namespace,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    return await work(memp, options);
  } finally {
    await memp.close();
  }
}

/** The embedder an `--embedder` spec names (its adapter loaded on demand). */
async function embedderFor(spec: string) {
  const { parseEmbedderSpec } = await import('../adapters/llm/model-spec.js');
  const { createEmbedderFromSpec } = await import('../adapters/llm/create-embedder-from-spec.js');
  return createEmbedderFromSpec({ spec: parseEmbedderSpec({ spec, field: '--embedder' }) });
}

/** Parses a CLI choice, failing with `INVALID_ARGUMENT` naming the flag. */
export function parseChoice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new MempError('INVALID_ARGUMENT', `${flag} must be one of ${choices.join(', ')} (got "${value}")`, {
    details: { field: flag },
  });
}

/** Parses a positive integer flag. */
export function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new MempError('INVALID_ARGUMENT', `${flag} must be a positive integer (got "${value}")`, {
      details: { field: flag },
    });
  }
  return n;
}

/** Writes one line to stdout. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
