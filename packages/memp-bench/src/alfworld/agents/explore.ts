import { isNothingHappens, typeOfName } from './alfworld-observation.js';
import { verbsTaskMentions } from './grammar-verbs.js';
import type { EpisodeActor } from './episode-actor.js';
import { takeFrom, visit } from './alfworld-skills.js';
import { UnfinishedPut } from './unfinished-put.js';

/** What exploration knows of the task: the names its sentence mentions. */
export interface ExploreOptions {
  actor: EpisodeActor;
  /** Names the task sentence mentions (object and receptacle types), e.g. `['mug', 'cabinet']`. */
  taskNames: readonly string[];
  /** Receptacles in the order to visit them (seeded; remembered places first when memory gave some). */
  order: readonly string[];
  /** The episode's tracker of puts that did not finish the task (shared with memory following). */
  unfinished?: UnfinishedPut;
  /** Full passes over the room before giving up (each re-tries plausible actions). Default 3. */
  sweeps?: number;
}

/**
 * The novice's exploration: visits receptacles in `order` and opens closed ones; takes an object named in the
 * task when it sees one (hands empty); at every stop tries, once, the plausible actions — admissible actions
 * that involve the held object (moving it only into a receptacle named in the task) or use a thing named in
 * the task. It knows nothing of which receptacle does what. Stops at the goal or the step cap.
 *
 * Generic recovery: when it has put as many objects as the task asks for into a receptacle the task names
 * (by itself or while following a memory) and the task is still not done, the put was not enough. It takes
 * the object back and goes on exploring with it; after the next action that changes the held object (any
 * accepted action on it other than moving, taking or looking), it returns to that receptacle and puts it again.
 */
export async function explore(options: ExploreOptions): Promise<void> {
  const { actor, taskNames } = options;
  const { belief } = actor;
  const named = new Set(taskNames);
  const roomTypes = new Set(belief.receptacles.map(typeOfName));
  const objectTypes = taskNames.filter((n) => !roomTypes.has(n));
  const unfinished = options.unfinished ?? new UnfinishedPut(actor, taskNames);
  unfinished.reconsider();
  const tried = new Set<string>();
  const sweeps = options.sweeps ?? 3;
  for (let sweep = 0; sweep < sweeps && !actor.over; sweep++) {
    const queue = [...options.order];
    tried.clear();
    while (!actor.over) {
      const plausible = plausibleActions(actor, named, tried).filter((a) => !unfinished.futile(a));
      const action = plausible[0];
      if (action !== undefined) {
        tried.add(action);
        const held = belief.held;
        const ok = await actor.act(action, 'this involves what the task names; I try it');
        if (ok && !actor.over) await unfinished.after(action, held);
        continue;
      }
      if (belief.held === undefined && (await takeSeen(actor, objectTypes))) continue;
      const next = queue.shift();
      if (next === undefined) break;
      if (sweep > 0 && belief.location === next) continue;
      await visit(actor, next, `I explore the ${next}`);
    }
  }
}

/** Takes the first task object seen somewhere (task order). True when it tried. */
async function takeSeen(actor: EpisodeActor, objectTypes: readonly string[]): Promise<boolean> {
  for (const type of objectTypes) {
    const seen = actor.belief.sightings(type, { takeable: true })[0];
    if (seen === undefined) continue;
    if (!(await takeFrom(actor, seen.object, seen.receptacle, `I see a ${type}, which the task names; I take it`))) {
      actor.belief.untakeable.add(seen.object);
    }
    return true;
  }
  return false;
}

/**
 * Plausible actions at the current stop, not tried yet: those involving the held object (a `move` only into a
 * receptacle whose type the task names; never `examine`) and `use` of a thing the task names. Without an
 * admissible list (observation mode `text`) it proposes from the grammar: `VERB held with here` for each
 * `VERB X with R` verb the task sentence asks for (`hot` → `heat`), while holding an object the task names and
 * until that verb worked on it; `move held to here` when the task names this receptacle's type; and `use` of a
 * visible thing the task names. It does not know which receptacle heats, cleans or cools: it tries where it stands.
 * Moves come last.
 */
export function plausibleActions(
  actor: EpisodeActor,
  named: ReadonlySet<string>,
  tried: ReadonlySet<string>,
): string[] {
  const { belief } = actor;
  const held = belief.held;
  const here = belief.location;
  let candidates: string[];
  if (actor.admissible !== undefined && actor.admissible.length > 0) {
    candidates = actor.admissible.filter((a) => {
      if (held !== undefined && mentions(a, held) && !/^(examine|take|go to)\b/.test(a)) {
        const move = /^move .+ to (.+)$/.exec(a);
        return move === null || named.has(typeOfName(move[1] as string));
      }
      const use = /^use (.+)$/.exec(a);
      return use !== null && named.has(typeOfName(use[1] as string));
    });
  } else {
    candidates = [];
    if (held !== undefined && here !== undefined && named.has(typeOfName(held))) {
      for (const verb of verbsTaskMentions(actor.start.task)) {
        if (!appliedBefore(actor, verb, held)) candidates.push(`${verb} ${held} with ${here}`);
      }
    }
    if (held !== undefined && here !== undefined && named.has(typeOfName(here)))
      candidates.push(`move ${held} to ${here}`);
    for (const object of here === undefined ? [] : (belief.contents.get(here) ?? [])) {
      if (named.has(typeOfName(object)) && object !== held) candidates.push(`use ${object}`);
    }
  }
  const fresh = actor.cautionedLast(
    candidates.filter((a) => !tried.has(a) && !belief.failed.has(a)),
    (a) => a,
  );
  return [...fresh.filter((a) => !a.startsWith('move ')), ...fresh.filter((a) => a.startsWith('move '))];
}

/** True when `verb` was already applied with success to `object` in this episode. */
function appliedBefore(actor: EpisodeActor, verb: string, object: string): boolean {
  const prefix = `${verb} ${object} with `;
  return actor.steps.some((s) => s.action.startsWith(prefix) && !isNothingHappens(s.observation ?? ''));
}

function mentions(action: string, name: string): boolean {
  return new RegExp(`(^| )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`).test(action);
}
