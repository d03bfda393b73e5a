import { createSeededRandom, type RandomSource } from '../core/random.js';
import type { AlfworldTrainTask } from './alfworld-train-tasks.js';

/**
 * Wording an agent or a user puts around the same task (written here, not taken from any data set): a request
 * prefix and an ending. Empty strings keep the train sentence's own wording.
 */
const PREFIXES = ['', 'please ', 'now ', 'next, ', 'your task is to ', 'go and ', 'you need to ', 'then '];
const ENDINGS = ['.', '', ' now.', ' please.', ' again.', ' for me.', ' as before.'];
/**
 * Share of tasks whose wording is varied. Agents mostly copy the environment's task sentence as it is (ALFWorld
 * prints `Your task is to: put two candle in drawer.`); a minority comes reworded by a user or another agent.
 */
export const NEAR_DUPLICATE_REWORDED_SHARE = 0.2;
/** Instance numbers as ALFWorld names things (`drawer 5`, `candle 2`): 1 to this bound. */
const MAX_OBJECT_INSTANCE = 6;
const MAX_RECEPTACLE_INSTANCE = 12;

/** A train sentence with its object and receptacle turned into slots, and the fillers seen with that template. */
interface Template {
  text: string;
  objects: string[];
  receptacles: string[];
}

/** `word` as a whole word of `sentence` replaced by `slot` (undefined when the word is not there). */
function slotted(sentence: string, word: string, slot: string): string | undefined {
  const at = ` ${sentence} `.indexOf(` ${word} `);
  const atEnd = ` ${sentence}`.lastIndexOf(` ${word}.`);
  const start = at >= 0 ? at : atEnd;
  if (start < 0) return undefined;
  return `${sentence.slice(0, start)}${slot}${sentence.slice(start + word.length)}`;
}

/** The templates of the train tasks (each task's sentence with its object → `{o}`, receptacle → `{r}`). */
export function taskTemplates(tasks: readonly AlfworldTrainTask[]): { byTask: Template[]; distinct: number } {
  const templates = new Map<string, { objects: Set<string>; receptacles: Set<string> }>();
  const texts: string[] = [];
  for (const task of tasks) {
    const withObject = slotted(task.sentence, task.object, '{o}') ?? task.sentence;
    const text = slotted(withObject, task.receptacle, '{r}') ?? withObject;
    const entry = templates.get(text) ?? { objects: new Set(), receptacles: new Set() };
    entry.objects.add(task.object);
    entry.receptacles.add(task.receptacle);
    templates.set(text, entry);
    texts.push(text);
  }
  const resolved = new Map(
    [...templates].map(([text, e]) => [text, { text, objects: [...e.objects], receptacles: [...e.receptacles] }]),
  );
  return { byTask: texts.map((t) => resolved.get(t) as Template), distinct: resolved.size };
}

function pick<T>(items: readonly T[], random: RandomSource): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * `count` task sentences like the ones an agent fleet writes (seeded): each starts from a train task drawn at
 * random (so task families keep their train shares), fills its template with an object and a receptacle seen with
 * that template in train, gives each an instance number half the time (`candle 2`, `drawer 5`) and varies the
 * wording (a request prefix, an ending) of a share of them. Most sentences have many near-duplicates: the same task but for a number
 * or a word.
 */
export function generateNearDuplicateTasks(options: {
  tasks: readonly AlfworldTrainTask[];
  count: number;
  seed: number;
  /** Share of tasks given a prefix and an ending. Default {@link NEAR_DUPLICATE_REWORDED_SHARE}. */
  rewordedShare?: number;
}): string[] {
  const reworded = options.rewordedShare ?? NEAR_DUPLICATE_REWORDED_SHARE;
  const { byTask } = taskTemplates(options.tasks);
  const random = createSeededRandom(options.seed);
  const out = new Array<string>(options.count);
  for (let i = 0; i < options.count; i++) {
    const template = pick(byTask, random);
    let object = pick(template.objects, random);
    if (random() < 0.5) object += ` ${1 + Math.floor(random() * MAX_OBJECT_INSTANCE)}`;
    let receptacle = pick(template.receptacles, random);
    if (random() < 0.5) receptacle += ` ${1 + Math.floor(random() * MAX_RECEPTACLE_INSTANCE)}`;
    const body = template.text.replace('{o}', object).replace('{r}', receptacle).replace(/\.$/, '');
    out[i] = random() < reworded ? `${pick(PREFIXES, random)}${body}${pick(ENDINGS, random)}` : `${body}.`;
  }
  return out;
}
