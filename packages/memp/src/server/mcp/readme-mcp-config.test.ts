/**
 * The MCP client configurations the READMEs give (root README and packages/memp/README.md) work as written (issue
 * 25): each `mcpServers` JSON block is spawned exactly as documented — its `command` and `args`, with only the
 * placeholders `/path/to/repo`, `/path/to/project` and `/path/to/memp.db` filled in — from a directory outside the
 * checkout, through the MCP SDK's stdio client, which then lists the tools and recalls. `/path/to/project` is a
 * project with memp installed the way `npm i /path/to/repo/packages/memp` installs it (a link in node_modules and
 * its bin in node_modules/.bin). Needs the built CLI (`npm run build`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve('../..');
const READMES = [join(repo, 'README.md'), join(repo, 'packages/memp/README.md')];

interface ServerConfig {
  command: string;
  args: string[];
}

/** Every `mcpServers.memp` entry of the ```json blocks of a README. */
function documentedConfigs(file: string): ServerConfig[] {
  const blocks = [...readFileSync(file, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks
    .filter((b) => b.includes('"mcpServers"'))
    .map((b) => (JSON.parse(b) as { mcpServers: { memp: ServerConfig } }).mcpServers.memp);
}

describe('the READMEs’ MCP client configurations, spawned as written from outside the checkout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-readme-mcp-'));
  const project = join(dir, 'project');
  const outside = join(dir, 'elsewhere');
  beforeAll(() => {
    if (!existsSync(join(repo, 'packages/memp/dist/cli/main.js')))
      throw new Error('dist is missing: run `npm run build`');
    // What `npm i /path/to/repo/packages/memp` leaves in a project: a link to the package and its bin.
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'project', private: true }));
    symlinkSync(join(repo, 'packages/memp'), join(project, 'node_modules/memp'), 'dir');
    symlinkSync('../memp/bin/memp.js', join(project, 'node_modules/.bin/memp'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const configs: Array<[string, ServerConfig]> = READMES.flatMap((file) =>
    documentedConfigs(file).map((c, i): [string, ServerConfig] => [`${file.slice(repo.length + 1)} #${i + 1}`, c]),
  );

  it('documents the checkout form in both READMEs and the installed forms in the package README', () => {
    const forms = configs.map(([where, c]) => `${where}: ${c.command} ${c.args.slice(0, 3).join(' ')}`);
    expect(forms.some((f) => f.startsWith('README.md') && f.includes('/path/to/repo/packages/memp/bin/memp.js'))).toBe(
      true,
    );
    expect(forms.filter((f) => f.startsWith('packages/memp/README.md'))).toHaveLength(3);
    for (const [, c] of configs) expect(c.args.join(' ')).not.toMatch(/^memp /);
  });

  it.each(configs)('%s starts and answers tools/list and recall_procedures', async (where, config) => {
    const fill = (text: string) =>
      text
        .replaceAll('/path/to/repo', repo)
        .replaceAll('/path/to/project', project)
        .replaceAll('/path/to/memp.db', join(dir, `${where.replace(/\W+/g, '-')}.db`));
    const transport = new StdioClientTransport({
      command: fill(config.command),
      args: config.args.map(fill),
      cwd: outside,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'readme', version: '1' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('recall_procedures');
      const result = await client.callTool({ name: 'recall_procedures', arguments: { task: 'clean the mug' } });
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});
