import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

const episode = (id: string, task: string) => ({
  id,
  task,
  steps: [
    { action: 'go to countertop 1', observation: 'You arrive at countertop 1.' },
    { action: 'take apple 1 from countertop 1', observation: 'You pick up the apple 1.' },
  ],
  outcome: { success: true },
});

let dir: string;
let db: string;
let learnFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memp-hard-'));
  db = join(dir, 'memp.db');
  learnFile = join(dir, 't.jsonl');
  writeFileSync(
    learnFile,
    [episode('t1', 'put a clean apple in fridge'), episode('t2', 'heat some egg and put it in countertop')]
      .map((t) => JSON.stringify(t))
      .join('\n'),
  );
});

describe('CLI hardening (issue 12)', () => {
  it('refuses an empty --db or MEMP_DB with exit 2 instead of losing everything (finding 4)', () => {
    const flag = runCli(['--db', '', 'learn', learnFile]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('INVALID_ARGUMENT');
    const env = runCli(['learn', learnFile], { MEMP_DB: '' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('INVALID_ARGUMENT');
  });

  it('refuses to export onto the open database or its -wal/-shm, leaving it intact (finding 5)', () => {
    expect(runCli(['--db', db, 'learn', learnFile]).code).toBe(0);
    for (const out of [db, `${db}-wal`, `${db}-shm`]) {
      const r = runCli(['--db', db, 'export', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('INVALID_ARGUMENT');
    }
    const list = runCli(['--db', db, '--json', 'list']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(2);
  });

  it('writes the export through a temporary file: a complete file, no leftovers; a missing directory is exit 2 (finding 5, 8)', () => {
    expect(runCli(['--db', db, 'learn', learnFile]).code).toBe(0);
    const out = join(dir, 'out.jsonl');
    writeFileSync(out, 'previous content\n');
    expect(runCli(['--db', db, 'export', '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const missing = runCli(['--db', db, 'export', '--out', join(dir, 'missing', 'x.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('INVALID_ARGUMENT');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a truncated export file, importing nothing, and a directory as input (finding 6, 8)', () => {
    expect(runCli(['--db', db, 'learn', learnFile]).code).toBe(0);
    const out = join(dir, 'out.jsonl');
    expect(runCli(['--db', db, 'export', '--out', out]).code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const cut = join(dir, 'cut.jsonl');
    writeFileSync(cut, `${lines.slice(0, 2).join('\n')}\n`);
    const other = join(dir, 'other.db');
    const r = runCli(['--db', other, 'import', cut]);
    expect(r.code).toBe(2);
    expect(JSON.parse(runCli(['--db', other, '--json', 'list']).stdout)).toEqual([]);
    const asDir = runCli(['--db', other, 'import', dir]);
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toContain('INVALID_ARGUMENT');
  });

  it('escapes control characters in human-readable output and keeps JSON exact (finding 7)', () => {
    const task = 'put a clean apple in fridge \u001b]0;pwned\u0007\u001b[31mRED\u001b[0m \u009b2J \u202eevil';
    const hostile = join(dir, 'hostile.jsonl');
    writeFileSync(
      hostile,
      JSON.stringify({
        ...episode('t-evil', task),
        steps: [{ action: 'go to \u001b[2Jfridge 1', observation: 'ok \u001b[1m' }],
      }),
    );
    expect(runCli(['--db', db, 'learn', hostile]).code).toBe(0);
    const listed = JSON.parse(runCli(['--db', db, '--json', 'list']).stdout) as Array<{ id: string; task: string }>;
    expect(listed[0]?.task).toBe(task);
    const id = listed[0]?.id as string;
    const outputs = [
      runCli(['--db', db, 'list']),
      runCli(['--db', db, 'show', id]),
      runCli(['--db', db, 'retrieve', 'put a clean apple in fridge']),
      runCli(['--db', db, 'retrieve', 'put a clean apple in fridge', '--render', 'markdown']),
      runCli(['--db', db, 'retrieve', 'put a clean apple in fridge', '--render', 'memp']),
      runCli(['--db', db, 'show', 'x\u001b[31my']),
    ];
    for (const r of outputs) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting no control character reaches the terminal
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    }
    expect(outputs[0]?.stdout).toContain('\\u{1b}]0;pwned');
    const json = JSON.parse(runCli(['--db', db, '--json', 'retrieve', 'put a clean apple in fridge']).stdout) as Array<{
      task: string;
    }>;
    expect(json[0]?.task).toBe(task);
  });

  it('usage errors print one line, the hint on it; learn refuses devices and directories; a bad used id names its line; a BOM is accepted (finding 8)', () => {
    for (const args of [['learn'], ['retrieve', 'x', '--nope'], ['frobnicate'], ['serve', '--bogus']]) {
      const r = runCli(['--db', db, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const zero = runCli(['--db', db, 'learn', '/dev/zero']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('INVALID_ARGUMENT');
    expect(runCli(['--db', db, 'learn', dir]).code).toBe(2);
    const withUsed = join(dir, 'used.jsonl');
    writeFileSync(
      withUsed,
      `${JSON.stringify(episode('u1', 'put a mug in sink'))}\n${JSON.stringify({ ...episode('u2', 'put a cup in sink'), used: ['mem-ghost'] })}\n`,
    );
    const bad = runCli(['--db', db, 'learn', withUsed]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 2');
    const bom = join(dir, 'bom.jsonl');
    writeFileSync(bom, `\uFEFF${JSON.stringify(episode('b1', 'put a mug in sink'))}\n`);
    expect(runCli(['--db', db, 'learn', bom]).code).toBe(0);
    expect(runCli(['--db', db, 'rebuild', '--pending'], { MEMP_MODEL: '' }).code).toBe(2);
  });

  it('a --grammar file that is missing, not JSON or not a grammar exits 2 naming --grammar and leaves no database', () => {
    const trajectory = join(dir, 't.jsonl');
    writeFileSync(
      trajectory,
      `${JSON.stringify({ task: 't', steps: [{ action: 'go to x' }], outcome: { success: true } })}\n`,
    );
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'nope');
    const badPattern = join(dir, 'bad.json');
    writeFileSync(badPattern, '{"failure":["("]}');
    for (const grammar of [join(dir, 'missing.json'), notJson, badPattern]) {
      const r = runCli(['--db', db, '--grammar', grammar, 'learn', trajectory]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('INVALID_ARGUMENT');
      expect(existsSync(db)).toBe(false);
    }
  });
});
