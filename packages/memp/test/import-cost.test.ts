import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOOKS = fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url));

/** Imports `specifier` (a package subpath, resolved through package.json `exports`) in a fresh Node process. */
function loadedBy(specifier: string): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'memp-imports-')), 'imports.log');
  execFileSync(
    process.execPath,
    ['--import', HOOKS, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`],
    {
      cwd: ROOT,
      env: { ...process.env, MEMP_IMPORT_LOG: log },
    },
  );
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

const HEAVY = [
  'better-sqlite3',
  'node_modules/usearch/',
  '@ai-sdk/openai',
  '@ai-sdk/anthropic',
  '@ai-sdk/openai-compatible',
  'node_modules/pg/',
  'hono',
  '@modelcontextprotocol',
];

describe('entry points load only what they need (package.json exports, built dist/)', () => {
  it('memp loads no native module, no provider SDK, no server and no benchmark', () => {
    const urls = loadedBy('memp');
    expect(urls.some((u) => u.endsWith('/dist/index.js'))).toBe(true);
    for (const heavy of HEAVY) expect(urls.filter((u) => u.includes(heavy))).toEqual([]);
    expect(urls.filter((u) => u.includes('/memp-bench/') || u.includes('/dist/cli/'))).toEqual([]);
  });

  it('memp/sqlite loads better-sqlite3 and no benchmark', () => {
    const urls = loadedBy('memp/sqlite');
    expect(urls.some((u) => u.includes('better-sqlite3'))).toBe(true);
    expect(urls.filter((u) => u.includes('/memp-bench/'))).toEqual([]);
  });
});
