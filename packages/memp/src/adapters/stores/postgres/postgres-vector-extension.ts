import type pg from 'pg';
import { MempError } from '../../../core/errors.js';

/** The oldest pgvector with `hnsw.iterative_scan`, which filtered searches need. */
export const MIN_PGVECTOR_VERSION = '0.8.0';

const INSTALL_HINT =
  'install pgvector >= 0.8 on the PostgreSQL server (Debian/Ubuntu: `apt install postgresql-<major>-pgvector` from ' +
  'the PGDG repository; or from source: `git clone https://github.com/pgvector/pgvector && cd pgvector && make && ' +
  'make install` with the server development headers), then run `CREATE EXTENSION vector` as a superuser in the ' +
  'database (or let memp create it)';

function versionAtLeast(found: string, wanted: string): boolean {
  const parse = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parse(found), parse(wanted)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/**
 * The `MempError` for a failed `CREATE EXTENSION vector`: the extension files are missing on the server
 * (58P01, or 0A000 "is not available" on newer servers) or this role may not create it (42501). Always
 * `STORAGE_FAILED`, with a message that says how to install pgvector; `undefined` for other errors.
 */
export function vectorExtensionError(error: unknown, database: string): MempError | undefined {
  const state =
    typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  if (state === '58P01' || state === '0A000') {
    return new MempError(
      'STORAGE_FAILED',
      `pgvector is not installed on the PostgreSQL server (${reason}): ${INSTALL_HINT}`,
      {
        cause: error,
        details: { sqlState: state, extension: 'vector' },
      },
    );
  }
  if (state === '42501') {
    return new MempError(
      'STORAGE_FAILED',
      `the pgvector extension is not created in database ${database} and this role may not create it (${reason}): ` +
        `ask a superuser to run \`CREATE EXTENSION vector\` in ${database}; if that fails too, ${INSTALL_HINT}`,
      { cause: error, details: { sqlState: state, extension: 'vector' } },
    );
  }
  return undefined;
}

/**
 * Makes sure pgvector >= {@link MIN_PGVECTOR_VERSION} is usable in the connected database, creating the
 * extension when it is installed on the server but not yet in the database. No fallback: without pgvector
 * the store does not open (`STORAGE_FAILED` saying how to install it). Call under the migration lock.
 */
export async function ensureVectorExtension(client: pg.ClientBase): Promise<string> {
  const installed = await client.query<{ extversion: string }>(
    "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
  );
  let version = installed.rows[0]?.extversion;
  if (version === undefined) {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db ?? '?';
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    } catch (error) {
      throw vectorExtensionError(error, database) ?? error;
    }
    const created = await client.query<{ extversion: string }>(
      "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
    );
    version = created.rows[0]?.extversion ?? '0';
  }
  if (!versionAtLeast(version, MIN_PGVECTOR_VERSION)) {
    throw new MempError(
      'STORAGE_FAILED',
      `pgvector ${version} is too old: memp needs ${MIN_PGVECTOR_VERSION} or newer (for hnsw.iterative_scan); ` +
        'install a newer pgvector on the server and run `ALTER EXTENSION vector UPDATE`',
      { details: { found: version, needed: MIN_PGVECTOR_VERSION } },
    );
  }
  return version;
}
