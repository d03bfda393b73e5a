import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from './memp-cli.js';

describe('the memp CLI with memp-bench installed beside it', () => {
  it('runs the demo (ALFWorld, generated games) through the memp command', () => {
    const r = runCli(['demo', '--no-progress'], { ALFWORLD_DATA: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Here are some guidelines of how to solve the similar task:');
    expect(r.stdout).toMatch(/best match/);
  }, 120_000);

  it('lists the commands this package adds in memp --help without loading it', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/demo, bench, alfworld: from the memp-bench package/);
  });
});

describe('entry points load only what they need', () => {
  /** The CommonJS modules (native drivers among them) that importing `specifier` loads, in a fresh process. */
  function commonJsLoadedBy(specifier: string): string[] {
    const code = `import { createRequire } from 'node:module'; await import(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    return JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: import.meta.dirname,
        encoding: 'utf8',
      }),
    ) as string[];
  }

  it('memp-bench/alfworld loads no store driver and no server library', () => {
    const loaded = commonJsLoadedBy('memp-bench/alfworld');
    for (const heavy of [
      'better-sqlite3',
      'node_modules/pg/',
      'node_modules/usearch/',
      'hono',
      '@modelcontextprotocol',
    ])
      expect(loaded.filter((path) => path.includes(heavy))).toEqual([]);
  });

  it('memp/sqlite does load better-sqlite3 (the check sees a native driver when one is loaded)', () => {
    expect(commonJsLoadedBy('memp/sqlite').some((path) => path.includes('better-sqlite3'))).toBe(true);
  });
});
