import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { MempError } from 'memp';
import { ALFWORLD_GAME_FILE } from '../alfworld/environment/alfworld-split.js';
import { loadAlfworldGame, type AlfworldGame } from '../alfworld/environment/alfworld-game.js';
import { AlfworldSimulator } from '../alfworld/environment/alfworld-simulator.js';
import { benchGlobalOptions, parsePositiveInt } from './bench-cli-options.js';

/** Options of {@link playAlfworldGame}. */
export interface PlayAlfworldOptions {
  game: AlfworldGame;
  /** The actions, one per line (a trailing `\r` is dropped; blank lines are skipped). */
  lines: AsyncIterable<string>;
  /** Receives each output line, without its newline. */
  write: (line: string) => void;
  /** One JSON object per line instead of text. */
  json: boolean;
  /** Also give the admissible actions after the reset and after every action. */
  admissible: boolean;
  /** Accept the older `put {o} in/on {r}` template too (see `AlfworldSimulatorOptions.legacyPut`). */
  legacyPut: boolean;
  maxSteps?: number;
}

/**
 * Plays one game with actions read line by line, writing the reset and then one answer per action as soon as it
 * is read (so another program can drive the simulator through pipes). JSON lines: `{ observation, done, won }`
 * for the reset, `{ action, observation, done, won }` per action, each with `admissible` when asked. Throws
 * `INVALID_ARGUMENT` naming the line for input that is not text (a control character or invalid UTF-8).
 */
export async function playAlfworldGame(options: PlayAlfworldOptions): Promise<void> {
  const { json, admissible, write } = options;
  const sim = new AlfworldSimulator({
    game: options.game,
    legacyPut: options.legacyPut,
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
  });
  const emit = (answer: { action?: string; observation: string; done: boolean; won: boolean }): void => {
    const actions = admissible ? sim.admissibleActions() : undefined;
    if (json) {
      write(JSON.stringify(actions === undefined ? answer : { ...answer, admissible: actions }));
      return;
    }
    if (answer.action !== undefined) write(`> ${answer.action}`);
    write(answer.observation);
    if (answer.done) write(answer.won ? '[won]' : '[done: step limit]');
    if (actions !== undefined) write(`[admissible] ${actions.join(' | ')}`);
    write('');
  };
  emit({ observation: sim.reset().observation, done: false, won: false });
  let lineNumber = 0;
  for await (const raw of options.lines) {
    lineNumber++;
    const action = raw.replace(/\r$/, '');
    if (action.trim() === '') continue;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point of this check
    if (/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/.test(action)) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `standard input line ${lineNumber}: not a text command (control character or invalid UTF-8)`,
        {
          details: { line: lineNumber, field: 'stdin' },
        },
      );
    }
    const r = sim.step(action);
    emit({ action, observation: r.observation, done: r.done, won: r.success });
  }
}

/** `memp alfworld play`: one ALFWorld game in memp's simulator, driven line by line from standard input. */
export function registerAlfworldCommand(program: Command): void {
  const alfworld = program.command('alfworld').description('the ALFWorld simulator');
  alfworld
    .command('play')
    .description(
      'play one ALFWorld game: actions one per line on stdin, answers on stdout (with --json: one JSON object per line)',
    )
    .requiredOption('--game <file>', `a ${ALFWORLD_GAME_FILE} file (or the directory holding one)`)
    .option('--admissible', 'also print the admissible actions after the reset and every action', false)
    .option(
      '--legacy-put',
      'also accept the older grammar\'s "put X in/on Y" (answered "You put the X in/on the Y.")',
      false,
    )
    .option('--max-steps <n>', 'episode cap in actions (default 50)')
    .action(
      async (opts: { game: string; admissible: boolean; legacyPut: boolean; maxSteps?: string }, command: Command) => {
        const { json } = benchGlobalOptions(command);
        const maxSteps = parsePositiveInt(opts.maxSteps, '--max-steps');
        const game = loadAlfworldGame({ path: gameFile(opts.game) });
        const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
        try {
          await playAlfworldGame({
            game,
            lines,
            json,
            admissible: opts.admissible,
            legacyPut: opts.legacyPut,
            write: (line) => process.stdout.write(`${line}\n`),
            ...(maxSteps === undefined ? {} : { maxSteps }),
          });
        } finally {
          lines.close();
        }
      },
    );
}

/** The game file of `path`: the path itself, or `game.tw-pddl` inside it when it is a directory. */
function gameFile(path: string): string {
  try {
    if (statSync(path).isDirectory()) return join(path, ALFWORLD_GAME_FILE);
  } catch {
    throw new MempError('NOT_FOUND', `no ALFWorld game at ${path}`, { details: { file: path, field: '--game' } });
  }
  return path;
}
