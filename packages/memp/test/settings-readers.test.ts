import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Source files (tests left out) under `dir`, relative to src/. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative(SRC, path)] : [];
  });
}

describe('only adapter factories, the CLI, the server and the speed benches read settings', () => {
  it('no other module reads process.env', () => {
    const readers = sources(SRC).filter((file) => readFileSync(join(SRC, file), 'utf8').includes('process.env'));
    expect(readers.length).toBeGreaterThan(0);
    const allowed = /^(adapters|cli|server|bench)\//;
    expect(readers.filter((file) => !allowed.test(file))).toEqual([]);
  });
});
