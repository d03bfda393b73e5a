import type { Command } from 'commander';
import { escapeControlCharacters } from '../../core/text/escape-control-characters.js';
import { print, withEngine } from '../cli-context.js';

const one = (text: string) => escapeControlCharacters(text).replace(/\n/g, ' ');

/**
 * `memp candidates`, `memp promote ID`, `memp reject ID`: the admin's view of changes waiting beside memories (an
 * untrusted source's rewrite, or one episode's rewrite of what others proved). The CLI is the operator: trusted.
 */
export function registerCandidateCommands(program: Command): void {
  program
    .command('candidates')
    .description('list pending candidates: changes of a memory that wait for confirmation or an admin')
    .option('--memory <id>', 'only the candidates of this memory')
    .action(async (opts: { memory?: string }, command: Command) => {
      await withEngine(command, {}, async (memp, global) => {
        const candidates = await memp.candidates(opts.memory ? { memoryId: opts.memory } : {});
        if (global.json) return print(JSON.stringify(candidates));
        if (candidates.length === 0) return print('no pending candidates');
        for (const { record, stale, witnesses } of candidates) {
          const proposal = record.proposal;
          print(
            `${one(record.id)}  memory ${one(record.memoryId)}  ${proposal?.reason ?? '?'} by ${one(record.source)} ` +
              `(${record.trust}), ${witnesses} witness${witnesses === 1 ? '' : 'es'}${stale ? ', stale' : ''}`,
          );
          if (proposal?.note) print(`  note: ${one(proposal.note)}`);
          if (proposal?.content.script !== undefined) {
            for (const line of proposal.content.script.split('\n')) print(`  | ${escapeControlCharacters(line)}`);
          }
        }
      });
    });
  for (const action of ['promote', 'reject'] as const) {
    program
      .command(action)
      .description(
        action === 'promote'
          ? "apply a pending candidate: it replaces the memory's served content (a revision keeps the old one)"
          : 'drop a pending candidate; the memory is unchanged',
      )
      .argument('<candidate>', 'candidate id (memp candidates)')
      .option('--note <text>', 'why, kept on the revision')
      .action(async (candidate: string, opts: { note?: string }, command: Command) => {
        await withEngine(command, {}, async (memp, global) => {
          const target = { candidate, ...(opts.note ? { note: opts.note } : {}) };
          if (action === 'promote') {
            const memory = await memp.promote(target);
            if (global.json) return print(JSON.stringify(memory));
            return print(`promoted ${one(candidate)}: memory ${one(memory.id)} is now version ${memory.version}`);
          }
          const rejected = await memp.reject(target);
          print(
            global.json
              ? JSON.stringify(rejected)
              : `rejected ${one(candidate)} (memory ${one(rejected.memoryId)} unchanged)`,
          );
        });
      });
  }
}
