import type { Command } from 'commander';
import { RETRIEVE_POLICY_NAMES } from '../../policies/retrieve/retrieve-policy.js';
import { RANKINGS } from '../../policies/retrieve/utility-ranking.js';
import { MempError } from '../../core/errors.js';
import { parseChoice, parsePositiveInt, print, withEngine } from '../cli-context.js';
import { formatRetrieved } from '../format-memory.js';
import { loadHybridSettings } from '../load-hybrid-settings.js';
import { escapeControlCharacters } from '../../core/text/escape-control-characters.js';

/** `memp retrieve "TASK"`: the memories ranked for a task. */
export function registerRetrieveCommand(program: Command): void {
  program
    .command('retrieve')
    .description('rank memories for a task')
    .argument('<task>', 'the task text')
    .option('--k <n>', 'how many memories', '3')
    .option('--policy <policy>', `retrieval policy: ${RETRIEVE_POLICY_NAMES.join('|')}`, 'query')
    .option('--min-score <x>', 'drop memories scoring below this')
    .option(
      '--rank <ranking>',
      `how procedures are ordered: ${RANKINGS.join('|')} (utility: similar candidates re-ranked by their record when followed)`,
    )
    .option('--lessons <n>', 'most lessons (what failed attempts showed) served beside the procedures; 0 for none')
    .option('--max-tokens <n>', 'estimated-token budget for the retrieved guidance')
    .option('--render <format>', 'print the prompt text instead: memp|markdown')
    .option('--explain', 'show why each memory was retrieved: vector and lexical ranks, scores, matched terms')
    .option('--hybrid-settings <file>', 'JSON settings of the hybrid policy (field weights, fusion, synonyms, …)')
    .action(
      async (
        task: string,
        opts: {
          k: string;
          policy: string;
          minScore?: string;
          maxTokens?: string;
          render?: string;
          rank?: string;
          lessons?: string;
          explain?: boolean;
          hybridSettings?: string;
        },
        command: Command,
      ) => {
        const k = parsePositiveInt(opts.k, '--k');
        const policy = parseChoice(opts.policy, RETRIEVE_POLICY_NAMES, '--policy');
        const maxTokens = parsePositiveInt(opts.maxTokens, '--max-tokens');
        const rank = parseChoice(opts.rank, RANKINGS, '--rank');
        const lessons = opts.lessons === undefined ? undefined : Number(opts.lessons);
        if (lessons !== undefined && (!Number.isInteger(lessons) || lessons < 0 || opts.lessons?.trim() === '')) {
          throw new MempError('INVALID_ARGUMENT', `--lessons must be a non-negative integer (got "${opts.lessons}")`, {
            details: { field: '--lessons' },
          });
        }
        const render = parseChoice(opts.render, ['memp', 'markdown'] as const, '--render');
        const minScore = opts.minScore === undefined ? undefined : Number(opts.minScore);
        if (minScore !== undefined && !Number.isFinite(minScore)) {
          throw new MempError('INVALID_ARGUMENT', `--min-score must be a number (got "${opts.minScore}")`, {
            details: { field: '--min-score' },
          });
        }
        const hybrid = loadHybridSettings(opts.hybridSettings);
        if (hybrid !== undefined && policy !== 'hybrid') {
          throw new MempError('INVALID_ARGUMENT', '--hybrid-settings tunes the hybrid policy: give --policy hybrid', {
            details: { field: '--hybrid-settings' },
          });
        }
        const explain = opts.explain === true;
        await withEngine(command, hybrid === undefined ? {} : { hybrid, retrieve: 'hybrid' }, async (memp, global) => {
          const retrieved = await memp.retrieve({
            task,
            ...(explain ? { explain } : {}),
            ...(k === undefined ? {} : { k }),
            ...(policy === undefined ? {} : { policy }),
            ...(minScore === undefined ? {} : { minScore }),
            ...(maxTokens === undefined ? {} : { maxTokens }),
            ...(rank === undefined ? {} : { rank }),
            ...(lessons === undefined ? {} : { lessons }),
          });
          // The rendered prompt is printed for a person: control characters are escaped (the library's render is exact).
          if (render)
            return print(escapeControlCharacters(memp.render(retrieved, { format: render }), { multiline: true }));
          if (global.json) {
            return print(
              JSON.stringify(
                retrieved.map((r) => ({
                  id: r.memory.id,
                  task: r.memory.task,
                  score: r.score,
                  kind: r.memory.kind,
                  ...(r.memory.script === undefined ? {} : { script: r.memory.script }),
                  ...(r.memory.steps === undefined ? {} : { steps: r.memory.steps }),
                  ...(r.explain === undefined ? {} : { key: r.key, explain: r.explain }),
                })),
              ),
            );
          }
          if (retrieved.length === 0) return print('no memories found');
          print(formatRetrieved(retrieved, { explain }));
        });
      },
    );
}
