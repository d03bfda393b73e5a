import type { Command } from 'commander';
import { runMcpStdio } from '../../server/mcp/run-mcp-stdio.js';
import { withEngine } from '../cli-context.js';

/** `memp mcp`: the MCP server over stdio, for MCP clients (Claude Desktop, Claude Code, …) that spawn it. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('run the MCP server over stdio (tools: recall_procedures, record_trajectory, report_outcome, …)')
    .action(async (_opts: unknown, command: Command) => {
      await withEngine(command, {}, async (memp, global) => {
        await runMcpStdio({ memp, defaultNamespace: global.namespace });
      });
    });
}
