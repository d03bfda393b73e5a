import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI, runCli, runCliAsync } from './cli-helpers.js';

// The CLI's security and misuse tests (issue 22): what `memp` does with hostile or careless arguments. Run alone:
// `npx vitest run test/cli-security.test.ts` from packages/memp after `npm run build`. These tests never replace
// a system file: special files are made in a temporary directory; /dev/null and /dev/stdout are only written to,
// and checked afterwards to still be what they were.

const episode = (id: string, task: string) => ({
  id,
  task,
  steps: [
    { action: 'go to countertop 1', observation: 'You arrive at countertop 1.' },
    { action: 'take apple 1 from countertop 1', observation: 'You pick up the apple 1.' },
  ],
  outcome: { success: true },
});

/** Header line, two memories, two trajectories. */
const EXPORT_LINES = 5;

let db: string;
let dir: string;

beforeAll(() => {
  const seed = mkdtempSync(join(tmpdir(), 'memp-clisec-db-'));
  db = join(seed, 'memp.db');
  const file = join(seed, 't.jsonl');
  writeFileSync(
    file,
    [episode('t1', 'put a clean apple in fridge'), episode('t2', 'heat some egg and put it in countertop')]
      .map((t) => JSON.stringify(t))
      .join('\n'),
  );
  expect(runCli(['--db', db, 'learn', file]).code).toBe(0);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memp-clisec-'));
});

const lines = (text: string): string[] => text.split('\n').filter(Boolean);
const leftovers = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** Collects a child's stdout and resolves when it exits, or kills it after `ms` and resolves with `timedOut`. */
function finish(child: ChildProcess, ms: number): Promise<{ stdout: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ stdout, timedOut: true });
    }, ms);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, timedOut: false });
    });
  });
}

describe('export --out onto special files (issue 22, item 2)', () => {
  it('streams into a FIFO: its reader gets the whole export and the FIFO stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    const read = finish(reader, 15_000);
    const run = await runCliAsync(['--db', db, 'export', '--out', fifo]);
    // Before the fix the FIFO was replaced by a regular file, and its reader waited forever: give it 3 s.
    const got = await Promise.race([read, new Promise<null>((r) => setTimeout(() => r(null), 3_000))]);
    if (got === null) reader.kill('SIGKILL');
    expect(run.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(got?.timedOut).toBe(false);
    expect(lines(got?.stdout ?? '')).toHaveLength(EXPORT_LINES);
    expect(leftovers()).toEqual([]);
  });

  it('streams into a character device made in a temporary directory, which stays a device', (context) => {
    const device = join(dir, 'null');
    // A copy of /dev/null (char 1:3); needs root (CAP_MKNOD), else the system tests below cover devices.
    if (spawnSync('mknod', [device, 'c', '1', '3']).status !== 0) context.skip();
    const run = runCli(['--db', db, 'export', '--out', device]);
    expect(run.code).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('follows a symlink: the link stays, its target gets the export; a dangling link creates its target', () => {
    const target = join(dir, 'target.jsonl');
    const link = join(dir, 'link.jsonl');
    writeFileSync(target, 'previous content\n');
    symlinkSync(target, link);
    expect(runCli(['--db', db, 'export', '--out', link]).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(lines(readFileSync(target, 'utf8'))).toHaveLength(EXPORT_LINES);

    const relativeLink = join(dir, 'relative.jsonl');
    symlinkSync('new-target.jsonl', relativeLink);
    expect(runCli(['--db', db, 'export', '--out', relativeLink]).code).toBe(0);
    expect(lstatSync(relativeLink).isSymbolicLink()).toBe(true);
    expect(lines(readFileSync(join(dir, 'new-target.jsonl'), 'utf8'))).toHaveLength(EXPORT_LINES);
    expect(leftovers()).toEqual([]);
  });

  it("keeps the target's mode: a mode-600 file stays 600", () => {
    const out = join(dir, 'private.jsonl');
    writeFileSync(out, 'previous content\n');
    chmodSync(out, 0o600);
    expect(runCli(['--db', db, 'export', '--out', out]).code).toBe(0);
    expect(statSync(out).mode & 0o7777).toBe(0o600);
    expect(lines(readFileSync(out, 'utf8'))).toHaveLength(EXPORT_LINES);
  });

  it('refuses a socket with exit 2 and leaves it in place', async () => {
    const socket = join(dir, 'memp.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const run = await runCliAsync(['--db', db, 'export', '--out', socket]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('INVALID_ARGUMENT');
      expect(lstatSync(socket).isSocket()).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('system files: /dev/null is written to and stays a character device; /dev/stdout streams to stdout and stays a symlink', () => {
    const run = runCli(['--db', db, 'export', '--out', '/dev/null']);
    expect(run.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);

    const stdoutWasLink = lstatSync('/dev/stdout').isSymbolicLink();
    const toStdout = spawnSync(process.execPath, [CLI, '--db', db, 'export', '--out', '/dev/stdout'], {
      encoding: 'utf8',
    });
    expect(toStdout.status).toBe(0);
    expect(lines(toStdout.stdout)).toHaveLength(EXPORT_LINES);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(stdoutWasLink);
  });

  it('a write error (ENOSPC from a link to /dev/full) is STORAGE_FAILED naming the file, exit 1, no leftovers', () => {
    const full = join(dir, 'full');
    symlinkSync('/dev/full', full);
    const run = runCli(['--db', db, 'export', '--out', full]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('STORAGE_FAILED');
    expect(run.stderr).toContain(full);
    expect(lstatSync(full).isSymbolicLink()).toBe(true);
    expect(leftovers()).toEqual([]);
  });
});

describe('learn input and usage errors (issue 22, item 6)', () => {
  it('a file holding an empty JSON array is exit 2 INVALID_ARGUMENT, as an empty file is', () => {
    for (const content of ['[]', '[]\n', '', '\n']) {
      const file = join(dir, 'empty.json');
      writeFileSync(file, content);
      const run = runCli(['--db', join(dir, 'memp.db'), 'learn', file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('INVALID_ARGUMENT');
    }
  });

  it('a usage error prints exactly one stderr line (the error and the hint) and exits 2', () => {
    const usage = [
      ['learn'],
      ['retrieve', 'x', '--nope'],
      ['frobnicate'],
      ['retreive', 'x'],
      ['serve', '--bogus'],
      ['--namespace'],
      ['list', 'extra', 'arguments'],
      ['export', '--out'],
    ];
    for (const args of usage) {
      const run = runCli(['--db', join(dir, 'memp.db'), ...args]);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect({ args, lines: run.stderr.trimEnd().split('\n').length }).toEqual({ args, lines: 1 });
      expect(run.stdout).toBe('');
    }
  });

  it("--version (and -V) prints memp's package version and exits 0", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(pkg.version);
    }
  });
});
