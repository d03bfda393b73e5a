import type { Command } from 'commander';
import { registerAlfworldCommand } from './alfworld-command.js';
import { registerBenchCommand } from './bench-command.js';
import { registerDemoCommand } from './demo-command.js';

/** The `memp` commands this package adds: the demo, the benchmark runs and the interactive ALFWorld game. */
export const BENCH_COMMANDS = ['demo', 'bench', 'alfworld'] as const;

/**
 * Adds `demo`, `bench` and `alfworld` to the `memp` program. The `memp` CLI calls this when one of those commands is
 * asked for and this package is installed; the commands read the program's global options (`--db`, `--model`,
 * `--embedder`, `--json`).
 */
export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerBenchCommand(program);
  registerAlfworldCommand(program);
}
