import { createReadStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { MempError } from '../../core/errors.js';
import { openAtomicFileWriter } from '../atomic-file-writer.js';
import { globalOptions, print, withEngine } from '../cli-context.js';

/** `memp export`, `memp import FILE`, `memp rebuild --pending`, `memp reembed`: move and rebuild memory. */
export function registerTransferCommands(program: Command): void {
  program
    .command('export')
    .description('write the namespace as JSONL (header line first)')
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--embeddings', 'include vectors', false)
    .action(async (opts: { out?: string; embeddings: boolean }, command: Command) => {
      const { db } = globalOptions(command);
      const out =
        opts.out === undefined
          ? undefined
          : openAtomicFileWriter({
              path: opts.out,
              field: '--out',
              protect: db === ':memory:' ? [] : [db, `${db}-wal`, `${db}-shm`, `${db}-journal`],
            });
      try {
        await withEngine(command, {}, async (memp) => {
          const header = await memp.exportTo({
            embeddings: opts.embeddings,
            write: async (line) => {
              if (out) out.write(`${line}\n`);
              else if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
            },
          });
          if (out) {
            out.commit();
            process.stderr.write(
              `exported ${header.memories} memories and ${header.trajectories} trajectories to ${opts.out}\n`,
            );
          }
        });
      } catch (error) {
        out?.abort();
        throw error;
      }
    });
  program
    .command('import')
    .description('import an export file atomically (re-embeds when its embedder differs)')
    .argument('<file>', 'export file (JSONL)')
    .option('--skip-existing', 'skip memories whose id already exists instead of failing', false)
    .action(async (file: string, opts: { skipExisting: boolean }, command: Command) => {
      await withEngine(command, {}, async (memp, global) => {
        if (existsSync(file) && statSync(file).isDirectory()) {
          throw new MempError('INVALID_ARGUMENT', `${file} is a directory, expected an export file`, {
            details: { file },
          });
        }
        const input = createReadStream(file, 'utf8');
        const opened = new Promise<void>((resolve, reject) => {
          input.once('open', () => resolve());
          input.once('error', (error) =>
            reject(new MempError('INVALID_ARGUMENT', `cannot read ${file}: ${error.message}`, { details: { file } })),
          );
        });
        await opened;
        const lines = createInterface({ input, crlfDelay: Infinity });
        const result = await memp.importFrom({ lines, source: file, onConflict: opts.skipExisting ? 'skip' : 'error' });
        if (global.json) return print(JSON.stringify(result));
        print(
          `imported ${result.imported} memories (${result.skipped} skipped, ${result.trajectories} trajectories)` +
            `${result.reembedded ? `, re-embedded with ${memp.embedder.id}` : ''}`,
        );
      });
    });
  program
    .command('rebuild')
    .description('retry the model for memories built offline after a model failure (needs --model)')
    .requiredOption('--pending', 'rebuild the memories marked pendingRebuild')
    .action(async (_opts: unknown, command: Command) => {
      if (globalOptions(command).model === undefined) {
        throw new MempError('INVALID_ARGUMENT', 'rebuild retries the model: give --model SPEC (or set MEMP_MODEL)', {
          details: { field: '--model' },
        });
      }
      await withEngine(command, {}, async (memp, global) => {
        const result = await memp.rebuild();
        if (global.json) return print(JSON.stringify(result));
        print(
          `rebuilt ${result.rebuilt.length} memories; ${result.failed.length} still pending (model failed again)` +
            `${result.missingTrajectory.length > 0 ? `; ${result.missingTrajectory.length} without their source trajectory` : ''}`,
        );
      });
    });
  program
    .command('reembed')
    .description('recompute every vector of the namespace with the current embedder')
    .action(async (_opts: unknown, command: Command) => {
      await withEngine(command, {}, async (memp, global) => {
        const result = await memp.reembed();
        print(
          global.json
            ? JSON.stringify({ ...result, embedder: memp.embedder.id })
            : `re-embedded ${result.memories} memories with ${memp.embedder.id}`,
        );
      });
    });
}
