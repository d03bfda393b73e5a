import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAlfworldGame } from '../src/alfworld/environment/alfworld-game.js';
import { AlfworldSimulator } from '../src/alfworld/environment/alfworld-simulator.js';
import { generateAlfworldGameFiles } from '../src/alfworld/environment/generate-games.js';
import { CLI } from './memp-cli.js';

/** Runs `memp alfworld play` with `input` on standard input. */
function play(args: string[], input: string | Buffer): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'alfworld', 'play', ...args], { input, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Answer {
  action?: string;
  observation: string;
  done: boolean;
  won: boolean;
  admissible?: string[];
}

let dir: string;
let path: string;
let walkthrough: string[];
let text: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'memp-play-'));
  const [generated] = generateAlfworldGameFiles({ seed: 3, count: 1, types: ['pick_heat_then_place_in_recep'] });
  if (generated === undefined) throw new Error('no generated game');
  text = JSON.stringify(generated.file);
  path = join(dir, 'game.tw-pddl');
  writeFileSync(path, text);
  walkthrough = generated.file.walkthrough ?? [];
});

describe('memp alfworld play', () => {
  it('writes the reset and one JSON line per action, each answer as the simulator gives it', () => {
    const input = ['look', 'dance', ...walkthrough].join('\n');
    const r = play(['--game', path, '--json', '--admissible'], `${input}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Answer);
    expect(lines).toHaveLength(walkthrough.length + 3);
    const sim = new AlfworldSimulator({ game: parseAlfworldGame({ text, id: 'x' }) });
    expect(lines[0]).toEqual({
      observation: sim.reset().observation,
      done: false,
      won: false,
      admissible: sim.admissibleActions(),
    });
    ['look', 'dance', ...walkthrough].forEach((action, i) => {
      const step = sim.step(action);
      expect(lines[i + 1]).toEqual({
        action,
        observation: step.observation,
        done: step.done,
        won: step.success,
        admissible: sim.admissibleActions(),
      });
    });
    expect(lines[2]).toMatchObject({ action: 'dance', observation: 'Nothing happens.' });
    expect(lines.at(-1)).toMatchObject({ done: true, won: true });
  });

  it('answers each action as soon as its line arrives, so a program can drive it turn by turn', async () => {
    const child = spawn(process.execPath, [CLI, 'alfworld', 'play', '--game', path, '--json']);
    let buffered = '';
    const waiting: ((line: string) => void)[] = [];
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let at = buffered.indexOf('\n');
      while (at >= 0) {
        const line = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        waiting.shift()?.(line);
        at = buffered.indexOf('\n');
      }
    });
    const next = (): Promise<Answer> =>
      new Promise((resolve) => waiting.push((line) => resolve(JSON.parse(line) as Answer)));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    expect((await next()).done).toBe(false);
    let last: Answer | undefined;
    for (const action of walkthrough) {
      const answer = next();
      child.stdin.write(`${action}\n`); // stdin stays open: the answer must come before it closes
      last = await answer;
      expect(last.action).toBe(action);
    }
    expect(last).toMatchObject({ done: true, won: true });
    child.stdin.end();
    expect(await closed).toBe(0);
  });

  it('gives no admissible list without --admissible, skips blank lines, and answers in text without --json', () => {
    const json = play(['--json', '--game', dir], `\r\n${walkthrough[0]}\r\n\n`);
    expect(json.code).toBe(0);
    const lines = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Answer);
    expect(lines.map((l) => Object.keys(l).sort())).toEqual([
      ['done', 'observation', 'won'],
      ['action', 'done', 'observation', 'won'],
    ]);
    const textRun = play(['--game', path], `${walkthrough.join('\n')}\n`);
    expect(textRun.code).toBe(0);
    expect(textRun.stdout).toContain(`> ${walkthrough.at(-1) ?? ''}\n`);
    expect(textRun.stdout.trimEnd().endsWith('[won]')).toBe(true);
  });

  it('accepts the older put template only with --legacy-put', () => {
    const put = walkthrough.map((a) => a.replace(/^move (.+) to (.+)$/, 'put $1 in/on $2'));
    const strict = play(['--game', path, '--json'], put.join('\n'));
    expect(JSON.parse(strict.stdout.trimEnd().split('\n').at(-1) ?? '{}') as Answer).toMatchObject({
      observation: 'Nothing happens.',
      won: false,
    });
    const legacy = play(['--game', path, '--json', '--legacy-put'], put.join('\n'));
    expect(JSON.parse(legacy.stdout.trimEnd().split('\n').at(-1) ?? '{}') as Answer).toMatchObject({
      observation: expect.stringMatching(/^You put the .+ in\/on the .+\.$/),
      won: true,
    });
  });

  it('fails with one line on stderr and exit 2 for a bad game file or bad input', () => {
    const broken = join(dir, 'broken.tw-pddl');
    writeFileSync(broken, '{"pddl_domain": 1}');
    for (const args of [
      ['--game', broken],
      ['--game', join(dir, 'missing.tw-pddl')],
      ['--game', path, '--max-steps', '0'],
    ]) {
      const r = play(args, 'look\n');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    for (const input of [
      Buffer.from('look\ngo to \u0007bell\n'),
      Buffer.from([0x6c, 0x6f, 0x6f, 0x6b, 0x0a, 0xff, 0xfe, 0x0a]),
    ]) {
      const r = play(['--game', path, '--json'], input);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^memp: INVALID_ARGUMENT: [^\n]*\n$/);
      expect(r.stdout.trimEnd().split('\n')).toHaveLength(2); // the reset and `look` were answered before the bad line
    }
  });
});
