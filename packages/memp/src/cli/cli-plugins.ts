import type { Command } from 'commander';
import { MempError } from '../core/errors.js';

/**
 * A package that adds commands to `memp` when it is installed beside it. The library does not depend on it: the
 * CLI loads it by name, at run time, only when one of its commands is asked for. Its entry exports
 * `registerCommands(program)`, which adds the commands to the `memp` program.
 */
export interface CliPlugin {
  /** The npm package to install for these commands. */
  packageName: string;
  /** The module the CLI imports (a package export). */
  entry: string;
  /** The commands it adds. */
  commands: readonly string[];
}

/** The plugins `memp` knows: the paper's benchmarks (`memp demo`, `memp bench …`, `memp alfworld …`). */
export const CLI_PLUGINS: readonly CliPlugin[] = [
  { packageName: 'memp-bench', entry: 'memp-bench/cli', commands: ['demo', 'bench', 'alfworld'] },
];

/** The shape a plugin's entry must have. */
interface CliPluginModule {
  registerCommands(program: Command): void;
}

/**
 * The command `argv` asks for: its first operand after the global options (skipping an option's value), and after
 * `help` the command help is asked for. Undefined when there is none (`memp --help`).
 */
export function requestedCommand(program: Command, argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return args[i + 1];
    if (arg.startsWith('-')) {
      const option = program.options.find((o) => o.long === arg || o.short === arg);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    if (arg !== 'help') return arg;
    const next = args[i + 1];
    return next === undefined || next.startsWith('-') ? undefined : next;
  }
  return undefined;
}

/**
 * Adds the commands of the plugin that provides the command `argv` asks for. Fails with `NOT_FOUND` naming the
 * package to install when that plugin is not installed. With no command asked for, only says in the help which
 * commands the plugins add. `plugins` defaults to {@link CLI_PLUGINS}.
 */
export async function registerPluginCommands(
  program: Command,
  argv: readonly string[],
  plugins: readonly CliPlugin[] = CLI_PLUGINS,
): Promise<void> {
  const command = requestedCommand(program, argv);
  const plugin = plugins.find((p) => command !== undefined && p.commands.includes(command));
  if (plugin === undefined) {
    const lines = plugins.map((p) => `  ${p.commands.join(', ')}: from the ${p.packageName} package, when installed`);
    program.addHelpText('after', `\nMore commands:\n${lines.join('\n')}`);
    return;
  }
  (await loadPlugin(plugin, command ?? '')).registerCommands(program);
}

async function loadPlugin(plugin: CliPlugin, command: string): Promise<CliPluginModule> {
  let loaded: unknown;
  try {
    loaded = await import(plugin.entry);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(plugin.packageName)) {
      throw new MempError(
        'NOT_FOUND',
        `memp ${command} comes with the ${plugin.packageName} package (packages/${plugin.packageName} in memp's repository), which is not installed beside memp`,
      );
    }
    throw error;
  }
  if (!isPluginModule(loaded)) {
    throw new MempError('INTERNAL', `${plugin.entry} does not export registerCommands(program)`);
  }
  return loaded;
}

function isPluginModule(value: unknown): value is CliPluginModule {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'registerCommands') === 'function';
}
