import { createReadStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

/** One task of the ALFWorld train split: its sentence and the object and receptacle named by its directory. */
export interface AlfworldTrainTask {
  /** The task sentence without `Your task is to: `, e.g. `put two candle in drawer.` */
  sentence: string;
  /** The object type of the task directory, lower case (e.g. `candle`). */
  object: string;
  /** The receptacle type (or `desklamp` for look-at tasks), lower case (e.g. `drawer`). */
  receptacle: string;
}

/**
 * Where the benchmarks look for the ALFWorld train archive: `$MEMP_ALFWORLD_TRAIN`, else
 * `<repository>/../shared/data/alfworld/json_2.1.1/train.tar.gz` (the shared data directory beside the checkout).
 * Only benchmark scripts read it; the library never reads benchmark data.
 */
export function alfworldTrainArchivePath(): string {
  const explicit = process.env['MEMP_ALFWORLD_TRAIN'];
  if (explicit) return resolve(explicit);
  // This file runs as packages/memp/dist/bench/*.js (or src/bench/*.ts under vitest): four levels up is the repository.
  const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  return resolve(repository, '..', 'shared', 'data', 'alfworld', 'json_2.1.1', 'train.tar.gz');
}

/**
 * A task directory name (`pick_two_obj_and_place-Candle-None-Drawer-427/`) in a tar header (ustar splits long paths
 * into a prefix and a name, so the directory is matched on its own), then the sentence of that task's game file.
 */
const HEADER = /[a-z]+(?:_[a-z]+)+-([A-Za-z]+)-[A-Za-z]+-([A-Za-z]+)-\d+\//g;
const SENTENCE = /Your task is to: ([^"\\]+)/g;

/**
 * Reads every task of the ALFWorld train archive (3,553 games) by streaming the gzipped tar once: each game file's
 * header names its trial directory (task type, object, receptacle) and its grammar holds the task sentence. About
 * 3–15 s depending on load.
 *
 * @throws Error naming the path and `MEMP_ALFWORLD_TRAIN` when the archive is absent; Error when it holds no task.
 */
export async function readAlfworldTrainTasks(path = alfworldTrainArchivePath()): Promise<AlfworldTrainTask[]> {
  if (!existsSync(path)) {
    throw new Error(
      `the near-duplicate workload needs the ALFWorld train archive, not found at ${path} ` +
        '(set MEMP_ALFWORLD_TRAIN to json_2.1.1/train.tar.gz, or leave near-duplicate out of the bench cases)',
    );
  }
  const tasks: AlfworldTrainTask[] = [];
  let pending: { object: string; receptacle: string } | undefined;
  let tail = '';
  const stream = createReadStream(path).pipe(createGunzip());
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // latin1 keeps one character per byte, so the carried tail never splits a character.
    const text = tail + chunk.toString('latin1');
    const events: { at: number; header?: { object: string; receptacle: string }; sentence?: string }[] = [];
    for (const m of text.matchAll(HEADER)) {
      events.push({
        at: m.index,
        header: { object: (m[1] as string).toLowerCase(), receptacle: (m[2] as string).toLowerCase() },
      });
    }
    for (const m of text.matchAll(SENTENCE)) {
      // A sentence cut by the chunk's end is read again with the next chunk.
      if (m.index + m[0].length < text.length) events.push({ at: m.index, sentence: m[1] as string });
    }
    events.sort((a, b) => a.at - b.at);
    let consumed = 0;
    for (const e of events) {
      if (e.header) pending = e.header;
      else if (e.sentence !== undefined && pending) {
        tasks.push({ sentence: e.sentence.trim(), ...pending });
        pending = undefined;
      }
      consumed = e.at + 1;
    }
    // Keep enough of the end to complete a match cut in two, but nothing already matched.
    tail = text.slice(Math.max(consumed, text.length - 4096));
  }
  if (tasks.length === 0) throw new Error(`no ALFWorld task sentence found in ${path}`);
  return tasks;
}
