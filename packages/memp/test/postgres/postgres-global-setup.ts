import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../src/bench/start-throwaway-postgres.js';
import type { ThrowawayPostgres } from '../../src/bench/start-throwaway-postgres.js';

/**
 * Vitest global setup: a throwaway PostgreSQL 15 cluster with pgvector for the PostgreSQL tests (see
 * `startThrowawayPostgres`: installs what is missing, `initdb`, a free port), provided to tests as `postgresUrl`.
 * When no selected test file needs PostgreSQL (file name containing `postgres`) it starts nothing. When anything
 * fails it provides `postgresError` instead, so that every PostgreSQL test fails with the reason (none is skipped).
 * Set `MEMP_PG_SETUP_TIMING=1` to print how long the setup took.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test cluster (database `postgres`), or '' when not started. */
    postgresUrl: string;
    /** Why the test cluster is not available, or '' when it is. */
    postgresError: string;
  }
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
  let cluster: ThrowawayPostgres | undefined;
  try {
    cluster = await startThrowawayPostgres();
    project.provide('postgresUrl', cluster.url);
    if (process.env.MEMP_PG_SETUP_TIMING) {
      console.log(`postgres setup: ensure ${cluster.timings.ensureMs} ms, cluster ${cluster.timings.clusterMs} ms`);
    }
  } catch (error) {
    project.provide('postgresError', error instanceof Error ? error.message : String(error));
  }
  return async () => {
    const t = Date.now();
    await cluster?.stop();
    if (process.env.MEMP_PG_SETUP_TIMING) console.log(`postgres teardown: ${Date.now() - t} ms`);
  };
}
