import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_OK } from '../src/cli/exit-codes.js';
import { runCli } from './cli-helpers.js';

const SKILLS_REF = fileURLToPath(new URL('../../../node_modules/.bin/skills-ref', import.meta.url));
const DEMO = fileURLToPath(new URL('../examples/demo-trajectories.jsonl', import.meta.url));

const texts = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n, 'SKILL.md'), 'utf8')]));

describe('memp skills (built CLI)', () => {
  it('exports valid skills, re-exports unchanged, round-trips through import, refuses a bad flag', () => {
    const work = mkdtempSync(join(tmpdir(), 'memp-skills-cli-'));
    const db = join(work, 'm.db');
    expect(runCli(['--db', db, 'learn', DEMO]).code).toBe(EXIT_OK);
    const a = join(work, 'a');
    const first = runCli(['--db', db, '--json', 'skills', 'export', '--out', a]);
    expect(first.code).toBe(EXIT_OK);
    const report = JSON.parse(first.stdout);
    expect(report.added).toHaveLength(readdirSync(a).length);
    for (const name of readdirSync(a)) expect(spawnSync(SKILLS_REF, ['validate', join(a, name)]).status).toBe(0);
    const again = JSON.parse(runCli(['--db', db, '--json', 'skills', 'export', '--out', a]).stdout);
    expect(again).toMatchObject({ added: [], updated: [], removed: [] });
    const imported = runCli(['--db', db, '--namespace', 'back', '--json', 'skills', 'import', a]);
    expect(imported.code).toBe(EXIT_OK);
    expect(JSON.parse(imported.stdout).imported).toBe(report.added.length);
    const b = join(work, 'b');
    expect(runCli(['--db', db, '--namespace', 'back', 'skills', 'export', '--out', b]).code).toBe(EXIT_OK);
    expect(texts(b)).toEqual(texts(a));
    expect(runCli(['--db', db, 'skills', 'export', '--out', a, '--min-support', '0']).code).toBe(EXIT_BAD_INPUT);
    expect(runCli(['--db', db, 'skills', 'import', join(work, 'missing')]).code).toBe(EXIT_BAD_INPUT);
  });
});
