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
      // commander already printed usage errors; help and version exit 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (isMempError(error)) {
      process.stderr.write(`memp: ${error.code}: ${oneLine(error.message)}\n`);
      return exitCodeFor(error.code);
    }
    process.stderr.write(`memp: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_FAILURE;
  }
}

/** An error message on one line, its control characters escaped (messages can quote user input). */
function oneLine(text: string): string {
  return escapeControlCharacters(text.replace(/\s*\n\s*/g, ' '));
}

process.exitCode = await runCli(process.argv);
