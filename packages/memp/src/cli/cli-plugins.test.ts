import { describe, expect, it } from 'vitest';
import { isMempError } from '../core/errors.js';
import { registerPluginCommands, requestedCommand } from './cli-plugins.js';
import { createProgram } from './program.js';

const argv = (...args: string[]) => ['node', 'memp', ...args];

describe('commands from plugin packages', () => {
  it('finds the command after global options and their values, and after help', () => {
    const program = createProgram();
    expect(requestedCommand(program, argv('--db', 'x.db', '--json', 'demo', '--seed', '2'))).toBe('demo');
    expect(requestedCommand(program, argv('--model=offline', 'bench', 'grid'))).toBe('bench');
    expect(requestedCommand(program, argv('help', 'alfworld'))).toBe('alfworld');
    expect(requestedCommand(program, argv('--help'))).toBeUndefined();
    expect(requestedCommand(program, argv('--namespace', 'demo', 'retrieve', 'x'))).toBe('retrieve');
  });

  it('a command of a plugin that is not installed fails with NOT_FOUND naming the package; others are untouched', async () => {
    const missing = [{ packageName: 'memp-no-such-plugin', entry: 'memp-no-such-plugin/cli', commands: ['frob'] }];
    const error = await registerPluginCommands(createProgram(), argv('frob'), missing).catch((e: unknown) => e);
    expect(isMempError(error, 'NOT_FOUND')).toBe(true);
    expect(String((error as Error).message)).toContain('memp-no-such-plugin');
    const program = createProgram();
    await registerPluginCommands(program, argv('retrieve', 'x'), missing);
    expect(program.commands.map((c) => c.name())).not.toContain('frob');
  });
});
