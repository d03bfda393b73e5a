import type { Command } from 'commander';
import { parseChoice, parsePositiveInt, print, withEngine } from '../cli-context.js';
import { formatMemoryDetail, formatMemoryList, formatStats } from '../format-memory.js';

/** `memp list`, `memp show ID`, `memp stats`: look inside a namespace. */
export function registerInspectCommands(program: Command): void {
  program
    .command('list')
    .description('list memories in creation order')
    .option('--status <status>', 'active|deprecated')
    .option('--limit <n>', 'page size', '100')
    .option('--after <id>', 'start after this memory id')
    .action(async (opts: { status?: string; limit: string; after?: string }, command: Command) => {
      const status = parseChoice(opts.status, ['active', 'deprecated'] as const, '--status');
      const limit = parsePositiveInt(opts.limit, '--limit');
      await withEngine(command, {}, async (memp, global) => {
        const memories = await memp.list({
          ...(status ? { status } : {}),
          ...(limit ? { limit } : {}),
          ...(opts.after ? { after: opts.after } : {}),
        });
        if (global.json) return print(JSON.stringify(memories));
        print(memories.length === 0 ? 'no memories' : formatMemoryList(memories));
      });
    });
  program
    .command('show')
    .description('show one memory with its revisions and a summary of its attributed evidence')
    .argument('<id>', 'memory id')
    .action(async (id: string, _opts: unknown, command: Command) => {
      await withEngine(command, {}, async (memp, global) => {
        const { memory, revisions, evidence } = await memp.show({ id });
        print(
          global.json
            ? JSON.stringify({ memory, revisions, evidence })
            : formatMemoryDetail(memory, revisions, evidence),
        );
      });
    });
  program
    .command('stats')
    .description('counts for the namespace')
    .action(async (_opts: unknown, command: Command) => {
      await withEngine(command, {}, async (memp, global) => {
        const stats = await memp.stats();
        print(
          global.json
            ? JSON.stringify({ namespace: global.namespace, ...stats })
            : formatStats(global.namespace, stats),
        );
      });
    });
}
