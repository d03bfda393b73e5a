import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createMemp } from '../../composition/create-memp.js';
import { ANONYMOUS_PRINCIPAL } from '../auth/principal.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';
import { mempPackageVersion } from './memp-package-version.js';

const ownVersion = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'memp-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A workspace root named otherwise, holding `packages/memp` with the given version; returns the package folder. */
function workspace(name: string, version: string): string {
  const root = join(dir, name);
  const pkg = join(root, 'packages', 'memp');
  mkdirSync(join(pkg, 'dist', 'server', 'mcp'), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'memp-workspace', version: '0.0.0', private: true }),
  );
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'memp', version, type: 'module' }));
  return pkg;
}

describe('the MCP server reports the version in memp package.json', () => {
  it('reads this package.json from the source tree', async () => {
    expect(mempPackageVersion()).toBe(ownVersion);
    const server = createMempMcpServer({
      memp: createMemp({ store: createInMemoryMemoryStore() }),
      principal: ANONYMOUS_PRINCIPAL,
    });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'memp-test', version: '1' });
    await client.connect(clientSide);
    expect(client.getServerVersion()).toMatchObject({ name: 'memp', version: ownVersion });
    await client.close();
  });

  it('walks up to the nearest package.json named memp, past other packages', () => {
    const pkg = workspace('walk', '7.6.5');
    mkdirSync(join(pkg, 'dist', 'vendor'), { recursive: true });
    writeFileSync(join(pkg, 'dist', 'vendor', 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
    const from = pathToFileURL(join(pkg, 'dist', 'vendor', 'x.js'));
    expect(mempPackageVersion({ from })).toBe('7.6.5');
  });

  it('serves the version of the package it runs from (dist moved into packages/memp, another version)', async () => {
    const cli = resolve('dist/cli/main.js');
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
    const pkg = workspace('moved', '9.8.7-moved');
    rmSync(join(pkg, 'dist'), { recursive: true, force: true });
    cpSync(resolve('dist'), join(pkg, 'dist'), { recursive: true });
    // The installed dependencies (hoisted to the workspace root's node_modules), as the moved package would see them.
    const nodeModules = dirname(dirname(createRequire(import.meta.url).resolve('commander')));
    symlinkSync(nodeModules, join(dir, 'moved', 'node_modules'), 'dir');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(pkg, 'dist', 'cli', 'main.js'), '--db', join(dir, 'moved.db'), 'mcp'],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'memp-test', version: '1' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'memp', version: '9.8.7-moved' });
    } finally {
      await client.close();
    }
  }, 30_000);
});
