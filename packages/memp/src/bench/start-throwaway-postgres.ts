import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running throwaway PostgreSQL cluster. */
export interface ThrowawayPostgres {
  /** Admin URL (user `postgres`, database `postgres`, trust auth on 127.0.0.1). */
  url: string;
  /** How long the ensure script and the cluster start took, in ms. */
  timings: { ensureMs: number; clusterMs: number };
  /** The server's log file (statements are logged there when started with `log_statement=all`). */
  logFile: string;
  /** Stops the cluster and removes its directory. */
  stop(): Promise<void>;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';
const ENSURE = fileURLToPath(new URL('../../scripts/postgres/ensure-postgres.sh', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function run(command: string, args: string[], asUser: string | undefined): void {
  const [file, argv] = asUser === undefined ? [command, args] : ['runuser', ['-u', asUser, '--', command, ...args]];
  const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    );
  }
}

/**
 * Starts a throwaway PostgreSQL 15 cluster with pgvector, for tests and benchmarks (Debian layout).
 *
 * Runs `scripts/postgres/ensure-postgres.sh` (apt-installs `postgresql-15` and builds pgvector from the vendored
 * tarball when missing; needs root then), `initdb`s into a temp dir — as the `postgres` OS user when running as
 * root, since PostgreSQL refuses to run as root — and starts it on a free port on 127.0.0.1 with its unix socket
 * in the temp dir and durability off (fsync, synchronous_commit, full_page_writes), plus `options.settings`.
 * Throws with the failing step's output.
 */
export async function startThrowawayPostgres(
  options: {
    /** More `-c name=value` server settings, e.g. `log_statement=all`. */
    settings?: readonly string[];
  } = {},
): Promise<ThrowawayPostgres> {
  const started = Date.now();
  run('bash', [ENSURE], undefined);
  const ensured = Date.now();
  const user = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'memp-pg-'));
  const dataDir = join(dir, 'data');
  let running = false;
  const stop = async (): Promise<void> => {
    if (running) {
      try {
        run(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], user);
      } catch {
        // Already gone; the directory is removed either way.
      }
      running = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (user !== undefined) {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    run(
      join(PG_BIN, 'initdb'),
      ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
      user,
    );
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
      ...(options.settings ?? []).map((setting) => `-c ${setting}`),
    ].join(' ');
    run(
      join(PG_BIN, 'pg_ctl'),
      ['-D', dataDir, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'],
      user,
    );
    running = true;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      logFile: join(dir, 'server.log'),
      timings: { ensureMs: ensured - started, clusterMs: Date.now() - ensured },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
