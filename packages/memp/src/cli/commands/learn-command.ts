import type { Command } from 'commander';
import { BUILD_POLICY_NAMES } from '../../policies/build/build-policy.js';
import { UPDATE_POLICY_NAMES } from '../../policies/update/update-policy.js';
import { parseChoice, print, withEngine } from '../cli-context.js';
import { readTrajectoryFile } from '../read-trajectory-file.js';

interface LearnFlags {
  build: string;
  update: string;
  source?: string;
  trust?: string;
}

/** `memp learn FILE`: learn from one trajectory (JSON) or many (JSONL), all or nothing. */
export function registerLearnCommand(program: Command): void {
  program
    .command('learn')
    .description('learn from finished trajectories: FILE is one JSON trajectory or JSONL; all or nothing')
    .argument('<file>', 'trajectory file (.json or .jsonl)')
    .option('--build <policy>', `build policy: ${BUILD_POLICY_NAMES.join('|')}`, 'proceduralization')
    .option('--update <policy>', `update policy: ${UPDATE_POLICY_NAMES.join('|')}`, 'adjustment')
    .option('--source <id>', 'agent or run id the trajectories come from, kept with their evidence (default: local)')
    .option('--trust <level>', 'trusted|untrusted: an untrusted source only proposes rewrites (default: trusted)')
    .action(async (file: string, opts: LearnFlags, command: Command) => {
      const build = parseChoice(opts.build, BUILD_POLICY_NAMES, '--build');
      const update = parseChoice(opts.update, UPDATE_POLICY_NAMES, '--update');
      const trust = parseChoice(opts.trust, ['trusted', 'untrusted'] as const, '--trust');
      const attribution = { ...(opts.source ? { source: opts.source } : {}), ...(trust ? { trust } : {}) };
      const records = readTrajectoryFile(file);
      await withEngine(
        command,
        { ...(build ? { build } : {}), ...(update ? { update } : {}) },
        async (memp, global) => {
          const results = await memp.learnBatch({
            items: records.map((r) => ({ trajectory: r.value, where: r.where })),
            attribution,
          });
          const summary = {
            trajectories: results.length,
            created: results.filter((r) => r.created).length,
            adjusted: results.reduce((n, r) => n + r.adjusted.length, 0),
            deprecated: results.reduce((n, r) => n + r.deprecated.length, 0),
            candidates: results.reduce((n, r) => n + (r.candidates?.length ?? 0), 0),
            builtOffline: results.filter((r) => r.builtOffline).length,
          };
          if (global.json) print(JSON.stringify({ ...summary, results }));
          else {
            print(
              `learned ${summary.trajectories} trajectories into "${global.namespace}": ` +
                `${summary.created} memories created, ${summary.adjusted} adjusted, ${summary.deprecated} deprecated` +
                `${summary.candidates > 0 ? `, ${summary.candidates} candidates waiting for confirmation (memp candidates)` : ''}` +
                `${summary.builtOffline > 0 ? ` (${summary.builtOffline} built offline after a model failure; run \`memp rebuild --pending\`)` : ''}`,
            );
          }
        },
      );
    });
}
