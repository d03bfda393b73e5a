import type { Command } from 'commander';
import { withEngine } from '../cli-context.js';
import { type RecallFlags, addRecallFlags, parseRecallFlags } from '../recall-flags.js';
import { type RetrievalFlags, addRetrievalFlags, parseRetrievalFlags } from '../retrieval-flags.js';

/**
 * `memp mcp`: the MCP server over stdio, for MCP clients (Claude Desktop, Claude Code, …) that spawn it; `--k`,
 * `--min-score`, `--format` set the defaults of `recall_procedures`.
 */
export function registerMcpCommand(program: Command): void {
  addRetrievalFlags(
    addRecallFlags(
      program
        .command('mcp')
        .description('run the MCP server over stdio (tools: recall_procedures, record_trajectory, report_outcome, …)'),
    ),
  ).action(async (opts: RecallFlags & RetrievalFlags, command: Command) => {
    const recall = parseRecallFlags(opts);
    const retrieval = parseRetrievalFlags(opts);
    const { runMcpStdio } = await import('../../server/mcp/run-mcp-stdio.js');
    await withEngine(command, retrieval, async (memp, global) => {
      await runMcpStdio({ memp, defaultNamespace: global.namespace, recall });
    });
  });
}
