import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@hey-api/openapi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

const run = promisify(execFile);

/**
 * What a user writes against the generated client: typed calls by operationId, the key through the document's
 * bearer scheme. Typechecked with `tsc --strict`, then run against the real server.
 */
const USAGE = `import { client } from './client.gen';
import { learnTrajectory, retrieveProcedures } from './sdk.gen';
import type { LearnResult, TrajectoryInput } from './types.gen';

export async function learnThenRetrieve(baseUrl: string, key: string, namespace: string, trajectory: TrajectoryInput) {
  client.setConfig({ baseUrl, auth: () => key });
  const learned = await learnTrajectory({ path: { namespace }, body: { trajectory }, throwOnError: true });
  const result: LearnResult = learned.data;
  const found = await retrieveProcedures({ path: { namespace }, body: { task: trajectory.task, k: 1 }, throwOnError: true });
  return { created: result.created, retrieved: found.data.results.map((r) => ({ id: r.memory.id, score: r.score })) };
}

export async function retrieveStatus(baseUrl: string, key: string, namespace: string) {
  client.setConfig({ baseUrl, auth: () => key });
  const answer = await learnTrajectory({
    path: { namespace },
    body: { trajectory: { task: 'wash the cup', outcome: { success: true }, steps: [] } },
  });
  return { status: answer.response?.status, code: answer.error?.error.code };
}
`;

type Usage = {
  learnThenRetrieve(
    baseUrl: string,
    key: string,
    namespace: string,
    trajectory: unknown,
  ): Promise<{ created?: string; retrieved: { id: string; score: number }[] }>;
  retrieveStatus(baseUrl: string, key: string, namespace: string): Promise<{ status?: number; code?: string }>;
};

/** What the generated client is checked with: strict, no Node types (it must stand on fetch alone). */
const TSCONFIG = {
  compilerOptions: {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2022', 'DOM'],
    types: [],
  },
  include: ['**/*.ts'],
};

/** `tsc -p` on the generated client and the usage file, with the workspace's TypeScript. */
async function typecheck(dir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).catch((error: { stdout?: string }) => {
    throw new Error(`the generated client does not typecheck:\n${error.stdout}`);
  });
}

describe('a TypeScript client generated from /openapi.json (@hey-api/openapi-ts)', () => {
  let t: TestServer;
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'memp-openapi-client-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('typechecks, learns and retrieves against a real server by operation name', async () => {
    await createClient({
      input: `${t.url}/openapi.json`,
      output: { path: dir },
      logs: { level: 'silent', file: false },
    });
    writeFileSync(join(dir, 'usage.ts'), USAGE);
    await typecheck(dir);

    const usage = (await import(pathToFileURL(join(dir, 'usage.ts')).href)) as Usage;
    const key = await t.key('generated', 'write');
    const { created, retrieved } = await usage.learnThenRetrieve(t.url, key, 'generated', episode('clean the mug'));
    expect(created).toMatch(/^mem_/);
    expect(retrieved[0]?.id).toBe(created);

    const readKey = await t.key('generated', 'read');
    expect(await usage.retrieveStatus(t.url, readKey, 'generated')).toEqual({ status: 403, code: 'FORBIDDEN' });
  });
});
