import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../testing/serve-process.js';

const run = promisify(execFile);
const cli = resolve('dist/cli/main.js');

/** Pids of the direct children of `pid` (the workers of a primary). */
async function childPids(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
}

function trajectory(task: string) {
  return { task, steps: [{ action: `open the ${task}` }, { action: 'done' }], outcome: { success: true } };
}

/** A `memp serve` exit: its code once it exits. */
function exitOf(child: import('node:child_process').ChildProcess): Promise<number | null> {
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('memp serve --workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-serve-workers-'));
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves from several processes on one SQLite file and loses no concurrent learn', async () => {
    const db = join(dir, 'shared.db');
    const server = await startServeProcess({ cli, args: ['--db', db, 'serve', '--port', '0', '--workers', '3'] });
    const { child, url } = server;
    try {
      expect(server.listening['workers']).toBe(3);
      expect(await childPids(child.pid as number)).toHaveLength(3);
      const N = 90;
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          fetch(`${url}/v1/namespaces/fleet/learn`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ trajectory: trajectory(`task number ${i} of the fleet`) }),
          }).then(async (res) => ({ status: res.status, body: (await res.json()) as { created?: string } })),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200));
      const created = new Set(answers.map((a) => a.body.created));
      expect(created.size).toBe(N);
      const stats = (await (await fetch(`${url}/v1/namespaces/fleet/stats`)).json()) as {
        memories: number;
        trajectories: number;
      };
      expect(stats).toMatchObject({ memories: N, trajectories: N });
      // Every worker sees every write: a retrieve for a task learned (through whichever worker) finds it.
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${url}/v1/namespaces/fleet/retrieve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ task: `task number ${i * 13} of the fleet`, k: 1 }),
        });
        const body = (await res.json()) as { results: Array<{ memory: { task: string } }> };
        expect(body.results[0]?.memory.task).toBe(`task number ${i * 13} of the fleet`);
      }
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
    }
    // The listening line is printed once, by the primary, whatever the number of workers.
    expect(server.stderr().match(/"msg":"listening"/g)).toHaveLength(1);
  });

  it('on SIGTERM lets in-flight requests finish, stops every worker and exits 0', async () => {
    const db = join(dir, 'shutdown.db');
    const server = await startServeProcess({
      cli,
      args: ['--db', db, 'serve', '--port', '0', '--workers', '2', '--grace', '20000'],
    });
    const { child, url } = server;
    const workers = await childPids(child.pid as number);
    expect(workers).toHaveLength(2);
    const exited = exitOf(child);
    // A request in flight when the signal arrives: headers and half the body sent before it, the rest after.
    const body = Buffer.from(JSON.stringify({ trajectory: trajectory('a task learned while the server drains') }));
    let answer: (a: { status: number; text: string }) => void = () => {};
    const answered = new Promise<{ status: number; text: string }>((r) => {
      answer = r;
    });
    const req = request(
      `${url}/v1/namespaces/drain/learn`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => answer({ status: res.statusCode ?? 0, text }));
      },
    );
    req.write(body.subarray(0, 20));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    req.end(body.subarray(20));
    const res = await answered;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveProperty('created');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    expect(server.stderr()).toContain('"msg":"shutting down","signal":"SIGTERM","workers":2');
    expect(server.stderr()).toContain('"msg":"stopped"');
    // Nothing acknowledged was lost: a single-process server on the same file counts them.
    const stats = await run(process.execPath, [cli, '--db', db, '--namespace', 'drain', '--json', 'stats']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ memories: 1 });
  });

  it('reports a start error once, with its exit code, and stops the workers', async () => {
    const db = join(dir, 'refused.db');
    const refused = await run(process.execPath, [
      cli,
      '--db',
      db,
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--workers',
      '2',
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr.match(/INVALID_ARGUMENT/g)).toHaveLength(1);
  });

  it('refuses several workers on a :memory: database and a bad --workers value, naming the flag', async () => {
    for (const args of [
      ['--db', ':memory:', 'serve', '--workers', '2'],
      ['--db', join(dir, 'x.db'), 'serve', '--workers', 'many'],
    ]) {
      const failed = await run(process.execPath, [cli, ...args]).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('--workers');
    }
  });
});
