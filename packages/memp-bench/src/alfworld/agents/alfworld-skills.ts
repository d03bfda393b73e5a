import { typeOfName } from './alfworld-observation.js';
import type { EpisodeActor } from './episode-actor.js';

/**
 * Generic skills of the offline agent, built only from the action grammar and what it reads: walking to a
 * receptacle, opening it, searching receptacles in a given order for an object type, taking, putting, using,
 * and applying a receptacle to the held object. None of them knows which receptacle serves which purpose:
 * callers pass the order and the receptacles to try.
 */

/**
 * Goes to `receptacle` unless already there. True when the agent stands there afterwards. ALFWorld refuses (and
 * does not list) `go to` a receptacle at the agent's own location: then the agent is already there, and reads the
 * receptacle with `examine` when it does not know its content yet (an arrival would have shown it). Receptacles
 * found to share a spot this way are not walked between again.
 */
export async function goTo(actor: EpisodeActor, receptacle: string, thought?: string): Promise<boolean> {
  const { belief } = actor;
  if (belief.location === receptacle) return true;
  const command = `go to ${receptacle}`;
  if (alreadyThere(actor, receptacle)) {
    belief.standAt(receptacle);
  } else if (await actor.act(command, thought)) {
    return true;
  }
  if (belief.location !== receptacle) return false;
  if (!belief.contents.has(receptacle) && !belief.closed.has(receptacle)) {
    await actor.act(`examine ${receptacle}`, thought ?? `I am already where the ${receptacle} is; I look at it`);
  }
  return true;
}

/**
 * True when the agent is known to stand where `receptacle` (of the room) is without asking the game: `go to` it is
 * missing from the admissible list, or it was found to share the spot of the receptacle the agent stands at.
 */
function alreadyThere(actor: EpisodeActor, receptacle: string): boolean {
  const { belief, admissible } = actor;
  if (!belief.receptacles.includes(receptacle)) return false;
  if (admissible !== undefined && admissible.length > 0 && !admissible.includes(`go to ${receptacle}`)) return true;
  return belief.location !== undefined && belief.sameSpot(belief.location, receptacle);
}

/** Goes to `receptacle` and opens it when it is closed. True when its content is visible afterwards. */
export async function visit(actor: EpisodeActor, receptacle: string, thought?: string): Promise<boolean> {
  if (!(await goTo(actor, receptacle, thought))) return false;
  if (!actor.belief.closed.has(receptacle)) return true;
  return actor.act(`open ${receptacle}`);
}

/** Puts down whatever the agent holds into the receptacle it stands at, if that works. */
export async function putDown(actor: EpisodeActor): Promise<boolean> {
  const { held, location } = actor.belief;
  if (held === undefined) return true;
  if (location === undefined) return false;
  return actor.act(`move ${held} to ${location}`, `my hands are full; I put down the ${held}`);
}

/** Takes `object` from `receptacle` (going there and opening it first). True when the agent holds it. */
export async function takeFrom(
  actor: EpisodeActor,
  object: string,
  receptacle: string,
  thought?: string,
): Promise<boolean> {
  if (actor.belief.held !== undefined && !(await putDown(actor))) return false;
  if (!(await visit(actor, receptacle, thought))) return false;
  const action = `take ${object} from ${receptacle}`;
  if (actor.impossible(action)) {
    actor.belief.untakeable.add(object);
    return false;
  }
  await actor.act(action);
  return actor.belief.held === object;
}

/**
 * Searches receptacles in `order` for an object of `type`, going first to where one was already seen, and
 * takes it. Receptacles whose content the agent already knows are not searched again. True when it holds one.
 */
export async function searchAndTake(
  actor: EpisodeActor,
  type: string,
  order: readonly string[],
  thought?: string,
): Promise<boolean> {
  const { belief } = actor;
  if (belief.held !== undefined && typeOfName(belief.held) === type) return true;
  const queue = [...order];
  while (!actor.over) {
    const rank = (r: string) => (order.includes(r) ? order.indexOf(r) : order.length);
    const seen = belief.sightings(type, { takeable: true }).sort((a, b) => rank(a.receptacle) - rank(b.receptacle));
    const first = actor.cautionedLast(seen, (s) => `take ${s.object} from ${s.receptacle}`)[0];
    if (first !== undefined) {
      if (
        await takeFrom(
          actor,
          first.object,
          first.receptacle,
          thought ?? `I take the ${first.object} I saw on the ${first.receptacle}`,
        )
      )
        return true;
      belief.untakeable.add(first.object);
      continue;
    }
    const next = nextToSearch(actor, queue);
    if (next === undefined) return false;
    await visit(actor, next, thought ?? `I look for a ${type} at the ${next}`);
  }
  return false;
}

/** Searches receptacles in `order` for an object of `type` and uses it where it stands. True when `use` worked. */
export async function searchAndUse(
  actor: EpisodeActor,
  type: string,
  order: readonly string[],
  thought?: string,
): Promise<boolean> {
  const { belief } = actor;
  const queue = [...order];
  const tried = new Set<string>();
  while (!actor.over) {
    const seen = belief.sightings(type).filter((s) => !tried.has(s.object));
    const first = seen[0];
    if (first !== undefined) {
      tried.add(first.object);
      if ((await goTo(actor, first.receptacle, thought)) && (await actor.act(`use ${first.object}`))) return true;
      continue;
    }
    const next = nextToSearch(actor, queue);
    if (next === undefined) return false;
    await visit(actor, next, thought ?? `I look for a ${type} at the ${next}`);
  }
  return false;
}

/** Moves the held object into the first of `candidates` that accepts it (going there and opening it). */
export async function putInto(actor: EpisodeActor, candidates: readonly string[], thought?: string): Promise<boolean> {
  const held = actor.belief.held ?? '';
  for (const receptacle of actor.cautionedLast(candidates, (r) => `move ${held} to ${r}`)) {
    const held = actor.belief.held;
    if (held === undefined || actor.over) return false;
    if (!(await visit(actor, receptacle, thought))) continue;
    const action = `move ${held} to ${receptacle}`;
    if (actor.impossible(action)) continue;
    if (await actor.act(action)) return true;
  }
  return false;
}

/** Applies `verb` (`heat`, `clean`, `cool`) to the held object with the first of `candidates` that works. */
export async function applyWith(
  actor: EpisodeActor,
  verb: string,
  candidates: readonly string[],
  thought?: string,
): Promise<boolean> {
  const held = actor.belief.held ?? '';
  for (const receptacle of actor.cautionedLast(candidates, (r) => `${verb} ${held} with ${r}`)) {
    const held = actor.belief.held;
    if (held === undefined || actor.over) return false;
    if (!(await goTo(actor, receptacle, thought))) continue;
    const action = `${verb} ${held} with ${receptacle}`;
    if (!actor.impossible(action) && (await actor.act(action))) return true;
    if (actor.belief.closed.has(receptacle) && (await actor.act(`open ${receptacle}`))) {
      if (!actor.impossible(action) && (await actor.act(action))) return true;
    }
  }
  return false;
}

/** The next receptacle of `queue` whose content is unknown (removing the ones skipped), or undefined. */
function nextToSearch(actor: EpisodeActor, queue: string[]): string | undefined {
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (!actor.belief.contents.has(next) || actor.belief.closed.has(next)) return next;
  }
  return undefined;
}
