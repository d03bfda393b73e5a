import type { Command } from 'commander';
import { MempError } from '../core/errors.js';
import type { HybridSettings } from '../policies/retrieve/hybrid-settings.js';
import { RETRIEVE_POLICY_NAMES } from '../policies/retrieve/retrieve-policy.js';
import type { RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';
import { parseChoice } from './cli-context.js';
import { loadHybridSettings } from './load-hybrid-settings.js';

/** The flags {@link addRetrievalFlags} adds, as commander parses them. */
export interface RetrievalFlags {
  retrieve?: string;
  hybridSettings?: string;
}

/**
 * Adds `--retrieve` (the server's retrieval policy: what MCP `recall_procedures` and HTTP retrieve use when a call
 * names none) and `--hybrid-settings` to `memp serve` and `memp mcp`.
 */
export function addRetrievalFlags(command: Command): Command {
  return command
    .option(
      '--retrieve <policy>',
      `retrieval policy when a call names none: ${RETRIEVE_POLICY_NAMES.join('|')} (default query)`,
    )
    .option('--hybrid-settings <file>', 'JSON settings of the hybrid policy (field weights, fusion, synonyms, …)');
}

/** The engine options the flags give; `--hybrid-settings` without `--retrieve hybrid` → `INVALID_ARGUMENT`. */
export function parseRetrievalFlags(flags: RetrievalFlags): { retrieve?: RetrievePolicyName; hybrid?: HybridSettings } {
  const retrieve = parseChoice(flags.retrieve, RETRIEVE_POLICY_NAMES, '--retrieve');
  const hybrid = loadHybridSettings(flags.hybridSettings);
  if (hybrid !== undefined && retrieve !== 'hybrid') {
    throw new MempError('INVALID_ARGUMENT', '--hybrid-settings tunes the hybrid policy: give --retrieve hybrid', {
      details: { field: '--hybrid-settings' },
    });
  }
  return { ...(retrieve === undefined ? {} : { retrieve }), ...(hybrid === undefined ? {} : { hybrid }) };
}
