import type { Command } from 'commander';
import { MempError } from '../../core/errors.js';
import type { ConsolidationReport } from '../../engine/consolidate-namespace.js';
import { parsePositiveInt, print, withEngine } from '../cli-context.js';

/**
 * `memp consolidate [--dry-run]`: merges each cluster of active memories that say the same thing into one
 * survivor (absorbed memories deprecated with a pointer to it), then applies retention limits given as flags.
 * With `--model` the survivor's procedure is rewritten by the model's merge; a junk answer changes nothing.
 */
export function registerConsolidateCommand(program: Command): void {
  program
    .command('consolidate')
    .description(
      'merge near-duplicate memories of the namespace into one survivor each (deprecating the others); --dry-run prints the clusters',
    )
    .option('--dry-run', 'print the clusters and evictions without changing anything', false)
    .option('--max-active <n>', 'retention: keep at most N active memories, evicting the least useful first')
    .option('--expire-days <d>', 'retention: evict memories unused for more than D days')
    .option(
      '--min-abstract-similarity <x>',
      'consolidation rule: minimum similarity of name-abstracted procedures of alike-phrased tasks, in [0, 1] (default 0.8)',
    )
    .option(
      '--near-identical-only',
      'consolidation rule: merge only near-identical tasks and procedures (names kept), not the same abstract procedure',
      false,
    )
    .action(
      async (
        opts: {
          dryRun: boolean;
          maxActive?: string;
          expireDays?: string;
          minAbstractSimilarity?: string;
          nearIdenticalOnly: boolean;
        },
        command: Command,
      ) => {
        const maxActive = parsePositiveInt(opts.maxActive, '--max-active');
        const expireAfterDays = parsePositiveNumber(opts.expireDays, '--expire-days');
        const minAbstractSimilarity = parseUnit(opts.minAbstractSimilarity, '--min-abstract-similarity');
        const retention =
          maxActive === undefined && expireAfterDays === undefined
            ? {}
            : {
                retention: {
                  ...(maxActive === undefined ? {} : { maxActive }),
                  ...(expireAfterDays === undefined ? {} : { expireAfterDays }),
                },
              };
        const overrides = {
          ...(minAbstractSimilarity === undefined ? {} : { minAbstractSimilarity }),
          ...(opts.nearIdenticalOnly ? { abstractRoute: false } : {}),
        };
        const rule = Object.keys(overrides).length === 0 ? {} : { consolidate: overrides };
        await withEngine(command, { ...retention, ...rule }, async (memp, global) => {
          const report = await memp.consolidate({ dryRun: opts.dryRun });
          print(global.json ? JSON.stringify(report) : formatReport(report));
        });
      },
    );
}

function formatReport(report: ConsolidationReport): string {
  const absorbed = report.clusters.reduce((n, c) => n + c.absorbed.length, 0);
  const lines = [
    `${report.dryRun ? 'would consolidate' : 'consolidated'} "${report.namespace}": ${report.before} → ${report.after} active memories ` +
      `(${report.clusters.length} clusters, ${absorbed} merged, ${report.evicted.length} evicted; merged by ${report.mergedBy})`,
  ];
  if (report.dryRun) {
    for (const c of report.clusters)
      lines.push(`  ${c.survivor}  ×${c.absorbed.length + 1}  support ${c.support}  ${c.task}`);
    for (const e of report.evicted) lines.push(`  evict ${e.id}: ${e.note}`);
  }
  return lines.join('\n');
}

function parsePositiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0))
    throw new MempError('INVALID_ARGUMENT', `${flag} must be a positive number (got "${value}")`, {
      details: { field: flag },
    });
  return n;
}

function parseUnit(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 1)) {
    throw new MempError('INVALID_ARGUMENT', `${flag} must be a number in [0, 1] (got "${value}")`, {
      details: { field: flag },
    });
  }
  return n;
}
