#!/usr/bin/env node
import { CommanderError } from 'commander';
import { isMempError } from '../core/errors.js';
import { escapeControlCharacters } from '../core/text/escape-control-characters.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, exitCodeFor } from './exit-codes.js';
import { registerPluginCommands } from './cli-plugins.js';
import { createProgram } from './program.js';

/** Runs the CLI with `argv` (as `process.argv`) and returns the exit code. */
async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const program = createProgram();
    await registerPluginCommands(program, argv);
    await program.parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; `commander.help` (help asked for by `memp` alone) is already printed.
      if (error.exitCode === 0) return EXIT_OK;
      if (error.code !== 'commander.help') process.stderr.write(usageErrorLine(error.message));
      return EXIT_BAD_INPUT;
    }
    if (isMempError(error)) {
      process.stderr.write(`memp: ${error.code}: ${oneLine(error.message)}\n`);
      return exitCodeFor(error.code);
    }
    process.stderr.write(`memp: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_FAILURE;
  }
}

/** A commander usage error (`error: unknown option '--x'\n(Did you mean --y?)`) as one line with a hint. */
function usageErrorLine(message: string): string {
  const text = oneLine(message.replace(/^error:\s*/, ''));
  return `memp: INVALID_ARGUMENT: ${text} (run 'memp help <command>' or add --help for usage)\n`;
}

/** An error message on one line, its control characters escaped (messages can quote user input). */
function oneLine(text: string): string {
  return escapeControlCharacters(text.replace(/\s*\n\s*/g, ' '));
}

process.exitCode = await runCli(process.argv);
