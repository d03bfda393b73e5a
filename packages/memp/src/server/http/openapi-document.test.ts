import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../testing/server-test-harness.js';

const run = promisify(execFile);
type Operation = {
  operationId?: string;
  requestBody?: { content: Record<string, { example?: unknown }> };
};
type Problem = { ruleId: string; severity: string; location: { pointer: string }[] };
type Document = { servers?: unknown; paths: Record<string, Record<string, Operation>> };

/** The names generated clients expose: changing one breaks every client generated before, so they are pinned. */
const OPERATION_IDS: Record<string, string> = {
  'post /v1/namespaces/{namespace}/retrieve': 'retrieveProcedures',
  'post /v1/namespaces/{namespace}/learn': 'learnTrajectory',
  'post /v1/namespaces/{namespace}/learn/batch': 'learnTrajectoryBatch',
  'post /v1/namespaces/{namespace}/outcomes': 'reportOutcome',
  'get /v1/namespaces/{namespace}/memories': 'listMemories',
  'get /v1/namespaces/{namespace}/memories/{id}': 'getMemory',
  'patch /v1/namespaces/{namespace}/memories/{id}': 'editMemory',
  'delete /v1/namespaces/{namespace}/memories/{id}': 'deleteMemory',
  'post /v1/namespaces/{namespace}/memories/{id}/deprecate': 'deprecateMemory',
  'post /v1/namespaces/{namespace}/memories/{id}/restore': 'restoreMemory',
  'get /v1/namespaces/{namespace}/memories/{id}/history': 'getMemoryHistory',
  'get /v1/namespaces': 'listNamespaces',
  'get /v1/namespaces/{namespace}/stats': 'getNamespaceStats',
  'get /v1/namespaces/{namespace}/overview': 'getNamespaceOverview',
  'get /v1/namespaces/{namespace}/export': 'exportNamespace',
  'post /v1/namespaces/{namespace}/import': 'importNamespace',
  'get /v1/keys': 'listKeys',
  'post /v1/keys': 'createKey',
  'delete /v1/keys/{id}': 'revokeKey',
  'get /v1/whoami': 'whoami',
  'get /v1/runs': 'listRuns',
  'get /v1/runs/{id}': 'getRun',
  'get /v1/runs/{id}/files/{name}': 'getRunFile',
};

function operations(doc: Document): { key: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, op })),
  );
}

/** The Redocly CLI installed at the workspace root, run as a separate process (no network: telemetry off). */
async function redoclyLint(file: string): Promise<{ totals: Record<string, number>; problems: Problem[] }> {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('@redocly/cli/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: Record<string, string> };
  const bin = join(dirname(pkgPath), pkg.bin.redocly ?? Object.values(pkg.bin)[0] ?? '');
  const args = [bin, 'lint', '--extends=recommended', '--format=json', file];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const out = await run(process.execPath, args, { cwd: dirname(file), env }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? '',
  }));
  return JSON.parse(out.stdout);
}

describe('the OpenAPI document a code generator reads without help', () => {
  let t: TestServer;
  let doc: Document;
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer();
    doc = (await t.call('GET', '/openapi.json')).body;
    dir = mkdtempSync(join(tmpdir(), 'memp-openapi-lint-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names every operation with a stable, unique camelCase operationId', () => {
    const all = operations(doc);
    for (const { key, op } of all) expect(op.operationId, key).toMatch(/^[a-z][A-Za-z0-9]*$/);
    const ids = all.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const named = Object.fromEntries(all.map(({ key, op }) => [key, op.operationId]));
    expect(named).toMatchObject(OPERATION_IDS);
  });

  it('names its server relative to where the document is served', () => {
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('gives the main request bodies examples that the server accepts as they are', async () => {
    const key = await t.key('examples', 'write');
    const base = '/v1/namespaces/examples';
    const example = (path: string, type = 'application/json') =>
      doc.paths[`/v1/namespaces/{namespace}${path}`]?.post?.requestBody?.content[type]?.example;
    // Order matters: the import example brings the memories the outcomes example reports on.
    const imported = example('/import', 'application/x-ndjson');
    expect(typeof imported).toBe('string');
    const importing = await t.call('POST', `${base}/import`, {
      key,
      body: imported as string,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(importing.status, importing.text).toBe(200);
    for (const path of ['/learn', '/learn/batch', '/outcomes', '/retrieve']) {
      const json = example(path);
      expect(json, path).toBeTypeOf('object');
      const res = await t.call('POST', `${base}${path}`, { key, json });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
  });

  it('passes the Redocly recommended ruleset with no error and no warning', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const report = await redoclyLint(file);
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
