import { type ChildProcess, spawn } from 'node:child_process';

/** A `memp serve` child process that is listening. */
export interface ServeProcess {
  child: ChildProcess;
  /** The URL from its `listening` log line. */
  url: string;
  /** The `listening` log line, parsed (`url`, `auth`, …). */
  listening: Record<string, unknown>;
  /** Everything it wrote to stderr so far (its JSON log lines). */
  stderr(): string;
}

/**
 * Spawns the built CLI (`cli`, the path of `dist/cli/main.js`) with `args` (which include `serve`, e.g.
 * `['--db', db, 'serve', '--port', '0']`) and resolves once it logs `listening`; rejects if it exits first.
 */
export async function startServeProcess(options: { cli: string; args: readonly string[] }): Promise<ServeProcess> {
  const child = spawn(process.execPath, [options.cli, ...options.args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const listening = await new Promise<Record<string, unknown>>((resolveLine, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      // Complete lines only: a chunk can end inside a line.
      const line = err
        .split('\n')
        .slice(0, -1)
        .find((l) => l.includes('"msg":"listening"'));
      if (line) resolveLine(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`memp serve exited ${code}: ${err}`)));
  });
  return { child, url: String(listening['url']), listening, stderr: () => err };
}
