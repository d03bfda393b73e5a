import type { Command } from 'commander';
import type { SkillExportReport } from '../../integrations/agent-skills/skill-directory.js';
import { parsePositiveInt, print, withEngine } from '../cli-context.js';

/**
 * `memp skills export --out DIR [--min-support N] [--max-body-tokens N]` and `memp skills import DIR`: the
 * namespace's procedures as Agent Skills (one folder per procedure family), and skills brought in as memories.
 * The namespace is the global `--namespace`.
 */
export function registerSkillsCommand(program: Command): void {
  const skills = program
    .command('skills')
    .description('export procedures as Agent Skills (SKILL.md folders) and import skills');
  skills
    .command('export')
    .description('write one skill folder per procedure family into DIR, updating a previous export in place')
    .requiredOption('--out <dir>', 'skills directory (created if missing)')
    .option('--min-support <n>', 'leave out families learned from fewer than N trajectories (default 1)')
    .option('--max-body-tokens <n>', 'cap of each SKILL.md body in estimated tokens (default 1500)')
    .action(async (opts: { out: string; minSupport?: string; maxBodyTokens?: string }, command: Command) => {
      const minSupport = parsePositiveInt(opts.minSupport, '--min-support');
      const maxBodyTokens = parsePositiveInt(opts.maxBodyTokens, '--max-body-tokens');
      const { exportSkills } = await import('../../integrations/agent-skills/skill-directory.js');
      await withEngine(command, {}, async (memp, global) => {
        const report = await exportSkills({
          memp,
          out: opts.out,
          ...(minSupport === undefined ? {} : { minSupport }),
          ...(maxBodyTokens === undefined ? {} : { maxBodyTokens }),
        });
        print(global.json ? JSON.stringify(report) : formatExport(report));
      });
    });
  skills
    .command('import')
    .description('import a skill folder (or a folder of them) as memories, marked as coming from a skill file')
    .argument('<dir>', 'a folder holding SKILL.md, or a folder of such folders')
    .action(async (dir: string, _opts: unknown, command: Command) => {
      const { importSkills } = await import('../../integrations/agent-skills/skill-directory.js');
      await withEngine(command, {}, async (memp, global) => {
        const result = await importSkills({ memp, dir });
        print(
          global.json
            ? JSON.stringify(result)
            : `imported ${result.imported} skills as memories (${result.skipped} already present) from ${dir}`,
        );
      });
    });
}

function formatExport(report: SkillExportReport): string {
  const list = (names: string[]) => (names.length === 0 ? '' : `: ${names.join(', ')}`);
  return [
    `exported ${report.skills.length} skills of "${report.namespace}" to ${report.out}`,
    `  added ${report.added.length}${list(report.added)}`,
    `  updated ${report.updated.length}${list(report.updated)}`,
    `  removed ${report.removed.length}${list(report.removed)}`,
    `  unchanged ${report.unchanged.length}`,
  ].join('\n');
}
