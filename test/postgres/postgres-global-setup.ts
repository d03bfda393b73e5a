import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: a throwaway PostgreSQL 15 cluster with pgvector for the PostgreSQL tests.
 *
 * It runs `scripts/postgres/ensure-postgres.sh` (apt-installs postgresql-15 and builds pgvector when missing),
 * `initdb`s a cluster in a temp dir (as the `postgres` OS user when running as root), starts it on a free port
 * on 127.0.0.1 with its unix socket in the temp dir, and provides the admin URL as `postgresUrl`. When no
 * selected test file needs PostgreSQL (name containing `postgres`) it starts nothing. When anything fails it
 * provides `postgresError` instead, so that every PostgreSQL test fails with the reason (none is skipped).
 */

const PG_BIN = '/usr/lib/postgresql/15/bin';
const ENSURE = resolve('scripts/postgres/ensure-postgres.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test cluster (database `postgres`), or '' when not started. */
    postgresUrl: string;
    /** Why the test cluster is not available, or '' when it is. */
    postgresError: string;
  }
}

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

function run(command: string, args: string[], asUser: string | undefined): string {
  const [file, argv] = asUser === undefined ? [command, args] : ['runuser', ['-u', asUser, '--', command, ...args]];
  const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return result.stdout;
}

async function pgTestsSelected(project: TestProject): Promise<boolean> {
  // `filenamePattern` holds the CLI file filters; when it is not available, assume PostgreSQL is needed.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  try {
    const { testFiles } = await project.globTestFiles(filters);
    return testFiles.some((file) => /postgres/i.test(file));
  } catch {
    return true;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('postgresUrl', '');
  project.provide('postgresError', '');
  if (!(await pgTestsSelected(project))) return async () => {};

  const started = Date.now();
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? 'postgres' : undefined;
  let dir: string | undefined;
  let dataDir: string | undefined;
  try {
    run('bash', [ENSURE], undefined);
    const ensured = Date.now();
    dir = mkdtempSync(join(tmpdir(), 'memp-pg-'));
    if (isRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    dataDir = join(dir, 'data');
    run(join(PG_BIN, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], user);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    run(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], user);
    project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
    if (process.env.MEMP_PG_SETUP_TIMING) {
      console.log(`postgres setup: ensure ${ensured - started} ms, cluster ${Date.now() - ensured} ms`);
    }
  } catch (error) {
    project.provide('postgresError', error instanceof Error ? error.message : String(error));
  }

  return async () => {
    if (dataDir !== undefined) {
      try {
        run(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], user);
      } catch {
        // The cluster may not have started; the directory is removed either way.
      }
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  };
}
