import { instanceNumber } from './alfworld-belief.js';
import { typeOfName } from './alfworld-observation.js';
import { applyWith, putInto, searchAndTake, searchAndUse } from './alfworld-skills.js';
import type { EpisodeActor } from './episode-actor.js';
import type { Place, ProcedureOp } from './memory-procedure.js';
import type { UnfinishedPut } from './unfinished-put.js';

/** Options of {@link followProcedure}. */
export interface FollowProcedureOptions {
  actor: EpisodeActor;
  /** The remembered procedure, already re-bound to the current task's names. */
  ops: readonly ProcedureOp[];
  /** The agent's own exploration order of the room's receptacles (the fallback search order). */
  order: readonly string[];
  /** Label for thoughts, e.g. `memory 1`. */
  label: string;
  /** The episode's tracker of puts that did not finish the task: a put in vain is taken back at once. */
  unfinished?: UnfinishedPut;
}

/**
 * Follows a re-bound procedure op by op. Every op names types: the agent binds them to the room's instances,
 * trying the remembered place first (`take the apple from the countertop` → `countertop 1`, `countertop 2`, …,
 * then everywhere else in its exploration order), so a failed step falls back to searching. Returns the index
 * of the op it could not carry out, or `ops.length` when it went through them all.
 */
export async function followProcedure(options: FollowProcedureOptions): Promise<number> {
  const { actor, ops, order, label } = options;
  const { belief } = actor;
  for (let i = 0; i < ops.length; i++) {
    if (actor.over) return i;
    const op = ops[i] as ProcedureOp;
    const why = `${label}, step ${i + 1}`;
    let ok: boolean;
    switch (op.kind) {
      case 'take': {
        if (belief.held !== undefined && typeOfName(belief.held) === op.object) continue;
        ok = await searchAndTake(
          actor,
          op.object,
          searchOrder(actor, op.from, order),
          `${why}: find and take a ${op.object}`,
        );
        break;
      }
      case 'put': {
        ok = await holding(actor, op.object, order, why);
        const held = belief.held;
        if (ok)
          ok = await putInto(
            actor,
            placeCandidates(actor, op.to, true),
            `${why}: put the ${op.object} in a ${op.to.type}`,
          );
        const last = actor.steps[actor.steps.length - 1];
        if (ok && !actor.over && last !== undefined) await options.unfinished?.after(last.action, held);
        break;
      }
      case 'apply': {
        ok = await holding(actor, op.object, order, why);
        if (ok)
          ok = await applyWith(
            actor,
            op.verb,
            placeCandidates(actor, op.tool, false),
            `${why}: ${op.verb} the ${op.object} with a ${op.tool.type}`,
          );
        break;
      }
      case 'use': {
        ok = await searchAndUse(
          actor,
          op.object,
          searchOrder(actor, op.near, order),
          `${why}: find and use a ${op.object}`,
        );
        break;
      }
    }
    if (!ok) return i;
  }
  return ops.length;
}

/** Makes sure the agent holds an object of `type`, searching in its own order when it does not. */
async function holding(actor: EpisodeActor, type: string, order: readonly string[], why: string): Promise<boolean> {
  const held = actor.belief.held;
  if (held !== undefined && typeOfName(held) === type) return true;
  if (held !== undefined) return false;
  return searchAndTake(actor, type, order, `${why}: I need a ${type} first`);
}

/**
 * A search order with a remembered place first: its remembered instance, then the other instances of its type,
 * then the agent's own order.
 */
export function searchOrder(actor: EpisodeActor, place: Place | undefined, order: readonly string[]): string[] {
  const first = place === undefined ? [] : placeCandidates(actor, place, false);
  return [...first, ...order.filter((r) => !first.includes(r))];
}

/**
 * The room's instances of a place's type: where this agent already put things first (when `preferPutBefore`),
 * then the remembered instance, then the rest in number order.
 */
export function placeCandidates(actor: EpisodeActor, place: Place, preferPutBefore: boolean): string[] {
  const { belief } = actor;
  const instances = belief.instancesOf(place.type);
  const front: string[] = [];
  if (preferPutBefore) {
    for (const r of [...belief.putInto].reverse())
      if (typeOfName(r) === place.type && !front.includes(r)) front.push(r);
  }
  if (place.instance !== undefined && instances.includes(place.instance) && !front.includes(place.instance))
    front.push(place.instance);
  const rest = instances.filter((r) => !front.includes(r)).sort((a, b) => instanceNumber(a) - instanceNumber(b));
  return [...front, ...rest];
}
