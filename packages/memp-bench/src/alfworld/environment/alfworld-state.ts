import { FLAG, KIND, type AlfworldWorld } from './alfworld-world.js';

const FLAG_OF: Record<string, number> = {
  opened: FLAG.opened,
  isclean: FLAG.clean,
  ishot: FLAG.hot,
  iscool: FLAG.cool,
  ison: FLAG.on,
  istoggled: FLAG.toggled,
  issliced: FLAG.sliced,
};
const NONE: number[][] = [];
const FROZEN_EMPTY = Object.freeze([]) as unknown as number[];

/**
 * The mutable state of one episode: where the agent is, what it holds, which objects are in which
 * receptacles and at which locations, and the per-entity flags (opened, clean, hot, cool, on, toggled, sliced).
 * Relations are sets (an object may start in two receptacles, as in the real data).
 */
export class AlfworldState {
  agentLoc = -1;
  held = -1;
  contents: number[][] = [];
  containers: number[][] = [];
  objLocs: number[][] = [];
  flags = new Uint8Array(0);

  constructor(readonly world: AlfworldWorld) {
    this.reset();
  }

  /** Restores the initial state. */
  reset(): void {
    const init = this.world.initial;
    this.agentLoc = init.agentLoc;
    this.held = init.held;
    // Only receptacles gain contents and only objects gain containers or locations during play.
    const kinds = this.world.kinds;
    const copy = (lists: number[][], kind: number): number[][] =>
      lists.map((l, e) => (l.length > 0 ? l.slice() : kinds[e] === kind ? [] : FROZEN_EMPTY));
    this.contents = copy(init.contents, KIND.receptacle);
    this.containers = copy(init.containers, KIND.object);
    this.objLocs = copy(init.objLocs, KIND.object);
    this.flags = init.flags.slice();
  }

  /** Whether entity `e` has dynamic flag `flag`. */
  is(e: number, flag: number): boolean {
    return ((this.flags[e] as number) & flag) !== 0;
  }

  /** Whether the ground fact `predicate(a0, a1)` holds (unused trailing arguments are -1). */
  test(predicate: string, a0: number, a1 = -1): boolean {
    const w = this.world;
    switch (predicate) {
      case 'atlocation':
        return a0 === w.agent && a1 === this.agentLoc;
      case 'holds':
        return this.held >= 0 && a0 === w.agent && a1 === this.held;
      case 'holdsany':
        return this.held >= 0 && a0 === w.agent;
      case 'inreceptacle':
        return (this.containers[a0] ?? []).includes(a1);
      case 'objectatlocation':
        return (this.objLocs[a0] ?? []).includes(a1);
      case 'objecttype':
        return (w.otypes[a0] ?? []).includes(a1);
      case 'receptacletype':
        return (w.rtypes[a0] ?? []).includes(a1);
      case 'receptacleatlocation':
        return a0 >= 0 && w.recLoc[a0] === a1;
      default: {
        const flag = FLAG_OF[predicate];
        if (flag !== undefined) return this.is(a0, flag);
        return this.match(predicate, a1 < 0 ? [a0] : [a0, a1]).length > 0;
      }
    }
  }

  /**
   * Every fact of `predicate` matching `pattern` (an entity per argument, -1 for "any"), as argument tuples.
   * Used by the goal evaluator; covers dynamic predicates from the state and static ones from the world.
   */
  match(predicate: string, pattern: readonly number[]): number[][] {
    const w = this.world;
    const [p0 = -1, p1 = -1] = pattern;
    switch (predicate) {
      case 'atlocation':
        return ok(p0, w.agent) && ok(p1, this.agentLoc) ? [[w.agent, this.agentLoc]] : NONE;
      case 'holds':
        return this.held >= 0 && ok(p0, w.agent) && ok(p1, this.held) ? [[w.agent, this.held]] : NONE;
      case 'holdsany':
        return this.held >= 0 && ok(p0, w.agent) ? [[w.agent]] : NONE;
      case 'inreceptacle':
        return pairs(p0, p1, this.containers, this.contents);
      case 'objectatlocation':
        return pairs(p0, p1, this.objLocs, undefined);
      default: {
        const flag = FLAG_OF[predicate];
        if (flag !== undefined) {
          if (p0 >= 0) return this.is(p0, flag) ? [[p0]] : NONE;
          const out: number[][] = [];
          for (let e = 0; e < this.flags.length; e++) if (this.is(e, flag)) out.push([e]);
          return out;
        }
        return matchStatic(w, predicate, pattern);
      }
    }
  }
}

function ok(pattern: number, value: number): boolean {
  return pattern < 0 || pattern === value;
}

function pairs(p0: number, p1: number, forward: number[][], backward: number[][] | undefined): number[][] {
  if (p0 >= 0) {
    const list = forward[p0] ?? [];
    if (p1 >= 0) return list.includes(p1) ? [[p0, p1]] : NONE;
    return list.map((b) => [p0, b]);
  }
  if (p1 >= 0 && backward !== undefined) return (backward[p1] ?? []).map((a) => [a, p1]);
  const out: number[][] = [];
  forward.forEach((list, a) => {
    for (const b of list) if (p1 < 0 || b === p1) out.push([a, b]);
  });
  return out;
}

function matchStatic(world: AlfworldWorld, predicate: string, pattern: readonly number[]): number[][] {
  const table = world.staticTable(predicate);
  if (table === undefined || table.byArg.length !== pattern.length) return NONE;
  let candidates = table.tuples;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as number;
    if (p >= 0) {
      candidates = (table.byArg[i] as Map<number, number[][]>).get(p) ?? NONE;
      break;
    }
  }
  return candidates.filter((t) => pattern.every((p, i) => p < 0 || t[i] === p));
}
