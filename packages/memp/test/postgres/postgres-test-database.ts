import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A database of its own on the test cluster. */
export interface TestDatabase {
  /** Connection URL of the database. */
  url: string;
  /** Admin URL of the cluster (database `postgres`). */
  adminUrl: string;
  /** Drops the database (forcing other sessions off). */
  drop(): Promise<void>;
}

/**
 * The test cluster's admin URL; throws with the setup's reason when the cluster is not available, so that a
 * PostgreSQL test fails (never skips) on a machine where setup failed.
 */
export function testClusterUrl(): string {
  const error = inject('postgresError');
  if (error) throw new Error(`the PostgreSQL test cluster is not available: ${error}`);
  const url = inject('postgresUrl');
  if (!url)
    throw new Error(
      'the PostgreSQL test cluster was not started (is test/postgres/postgres-global-setup.ts in vitest.config.ts?)',
    );
  return url;
}

/** Creates a fresh, empty database named after `label` on the test cluster (one per test file or group). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const adminUrl = testClusterUrl();
  const name = `memp_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    adminUrl,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
