import type { Command } from 'commander';
import { MempError } from '../core/errors.js';
import { MEMORY_FORMATS } from '../core/render/render-memories.js';
import {
  DEFAULT_RECALL_FORMAT,
  DEFAULT_RECALL_K,
  DEFAULT_RECALL_MIN_SCORE,
  type McpRecallDefaults,
} from '../server/mcp/mcp-recall-defaults.js';
import { parseChoice, parsePositiveInt } from './cli-context.js';

/** The flags {@link addRecallFlags} adds, as commander parses them. */
export interface RecallFlags {
  k?: string;
  minScore?: string;
  format?: string;
}

/**
 * Adds `--k`, `--min-score` and `--format`, the server-side defaults of the MCP tool `recall_procedures`, to
 * `memp serve` and `memp mcp`.
 */
export function addRecallFlags(command: Command): Command {
  return command
    .option('--k <n>', `recall_procedures: procedures per recall when a call gives no k (default ${DEFAULT_RECALL_K})`)
    .option(
      '--min-score <x>',
      `recall_procedures: lowest similarity score returned when a call gives no min_score (default ${DEFAULT_RECALL_MIN_SCORE}, tuned for the offline embedder)`,
    )
    .option(
      '--format <format>',
      `recall_procedures: guidance format when a call gives none: ${MEMORY_FORMATS.join('|')} (default ${DEFAULT_RECALL_FORMAT})`,
    );
}

/** The parsed flags; a bad value → `INVALID_ARGUMENT` naming the flag (exit 2). */
export function parseRecallFlags(flags: RecallFlags): McpRecallDefaults {
  const k = parsePositiveInt(flags.k, '--k');
  const format = parseChoice(flags.format, MEMORY_FORMATS, '--format');
  const minScore = flags.minScore === undefined ? undefined : Number(flags.minScore);
  if (minScore !== undefined && (flags.minScore?.trim() === '' || !Number.isFinite(minScore))) {
    throw new MempError('INVALID_ARGUMENT', `--min-score must be a number (got "${flags.minScore}")`, {
      details: { field: '--min-score' },
    });
  }
  return {
    ...(k === undefined ? {} : { k }),
    ...(minScore === undefined ? {} : { minScore }),
    ...(format === undefined ? {} : { format }),
  };
}
