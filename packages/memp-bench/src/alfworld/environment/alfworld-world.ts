import { MempError } from 'memp';
import type { AlfworldGame } from './alfworld-game.js';
import { compileGoal, type CompiledGoal } from './alfworld-goal.js';

/** Entity kinds of alfred.pddl. */
export const KIND = { agent: 0, location: 1, receptacle: 2, object: 3, otype: 4, rtype: 5 } as const;
const KIND_BY_TYPE: Record<string, number> = KIND;

/** Static per-entity properties (bit flags). */
export const PROP = {
  openable: 1,
  pickupable: 2,
  cleanable: 4,
  heatable: 8,
  coolable: 16,
  toggleable: 32,
  sliceable: 64,
  receptacleObject: 128,
  sink: 256,
  microwave: 512,
  fridge: 1024,
  knife: 2048,
} as const;

/** Dynamic per-entity state (bit flags). */
export const FLAG = { opened: 1, clean: 2, hot: 4, cool: 8, on: 16, toggled: 32, sliced: 64 } as const;

/** Predicates whose facts change during play; every other predicate is static. */
export const DYNAMIC_PREDICATES = new Set([
  'atlocation',
  'objectatlocation',
  'inreceptacle',
  'holds',
  'holdsany',
  'opened',
  'isclean',
  'ishot',
  'iscool',
  'ison',
  'istoggled',
  'issliced',
]);
const FLAG_OF: Record<string, number> = {
  opened: FLAG.opened,
  isclean: FLAG.clean,
  ishot: FLAG.hot,
  iscool: FLAG.cool,
  ison: FLAG.on,
  istoggled: FLAG.toggled,
  issliced: FLAG.sliced,
};
const PROP_OF: Record<string, number> = {
  openable: PROP.openable,
  pickupable: PROP.pickupable,
  cleanable: PROP.cleanable,
  heatable: PROP.heatable,
  coolable: PROP.coolable,
  toggleable: PROP.toggleable,
  sliceable: PROP.sliceable,
  isreceptacleobject: PROP.receptacleObject,
};

/** A static fact table with per-argument indexes, for goal matching. */
export interface FactTable {
  tuples: number[][];
  byArg: Map<number, number[][]>[];
}

/** The initial dynamic state of a game. */
export interface InitialState {
  agentLoc: number;
  held: number;
  contents: number[][];
  containers: number[][];
  objLocs: number[][];
  flags: Uint8Array;
}

/**
 * The static, compiled form of a game: entities indexed in sorted-id order, ALFWorld display names,
 * static properties and relations, the initial state and the compiled goal. Built once per game.
 */
export class AlfworldWorld {
  readonly ids: string[] = [];
  /** Display name per entity (`cabinet 1`), `''` for entities that appear in no fact. */
  readonly names: string[] = [];
  readonly kinds: Uint8Array;
  readonly byName = new Map<string, number>();
  readonly byId = new Map<string, number>();
  readonly ofKind: number[][] = [[], [], [], [], [], []];
  readonly props: Uint16Array;
  /** Receptacle → its location (-1 if none). */
  readonly recLoc: Int32Array;
  /** Location → receptacles there, sorted. */
  readonly recsAtLoc = new Map<number, number[]>();
  /** Named receptacles with a location, sorted (the `go to` targets). */
  readonly receptacles: number[] = [];
  readonly otypes: number[][] = [];
  readonly rtypes: number[][] = [];
  /** `rtype * n + otype` for every canContain fact. */
  readonly canContain = new Set<number>();
  /** Outer object → inner objects (inReceptacleObject). */
  readonly innerObjects: number[][] = [];
  private readonly staticRaw = new Map<string, number[][]>();
  private readonly staticTables = new Map<string, FactTable>();
  readonly agent: number;
  readonly initial: InitialState;
  readonly goal: CompiledGoal;

  constructor(readonly game: AlfworldGame) {
    const source = game.path ?? game.id;
    const fail = (what: string): never => {
      throw new MempError('INVALID_ARGUMENT', `${source}: unsupported game: ${what}`, { details: { file: source } });
    };
    const { problem } = game;
    const declared = new Map<string, number>();
    for (const o of problem.objects) {
      const kind = KIND_BY_TYPE[o.type];
      if (kind === undefined) fail(`object ${o.id} has unknown type "${o.type}"`);
      if (!declared.has(o.id)) declared.set(o.id, kind as number);
    }
    const sorted = [...declared.keys()].map((id) => ({ id, lower: id.toLowerCase() }));
    sorted.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
    const n = sorted.length;
    this.kinds = new Uint8Array(n);
    this.props = new Uint16Array(n);
    this.recLoc = new Int32Array(n).fill(-1);
    sorted.forEach(({ id, lower }, i) => {
      this.ids.push(id);
      this.byId.set(id, i);
      if (!this.byId.has(lower)) this.byId.set(lower, i);
      const kind = declared.get(id) as number;
      this.kinds[i] = kind;
      (this.ofKind[kind] as number[]).push(i);
      this.otypes.push([]);
      this.rtypes.push([]);
      this.innerObjects.push([]);
    });
    const used = new Uint8Array(n);
    const initial: InitialState = {
      agentLoc: -1,
      held: -1,
      contents: Array.from({ length: n }, () => []),
      containers: Array.from({ length: n }, () => []),
      objLocs: Array.from({ length: n }, () => []),
      flags: new Uint8Array(n),
    };
    const typeFacts: { r: number; t: number }[] = [];
    for (const fact of problem.init) {
      const { predicate } = fact;
      const args: number[] = [];
      for (const id of fact.args) {
        const e = this.byId.get(id);
        if (e === undefined) fail(`fact (${predicate} …) uses undeclared object ${id}`);
        used[e as number] = 1;
        args.push(e as number);
      }
      const [a0 = -1, a1 = -1] = args;
      switch (predicate) {
        case 'atlocation':
          initial.agentLoc = a1;
          break;
        case 'holds':
          initial.held = a1;
          break;
        case 'inreceptacle':
          pushSorted(initial.contents[a1] as number[], a0);
          pushSorted(initial.containers[a0] as number[], a1);
          break;
        case 'objectatlocation':
          pushSorted(initial.objLocs[a0] as number[], a1);
          break;
        case 'receptacleatlocation':
          if (this.recLoc[a0] !== -1 && this.recLoc[a0] !== a1) fail(`receptacle ${this.ids[a0]} is at two locations`);
          this.recLoc[a0] = a1;
          break;
        case 'objecttype':
          (this.otypes[a0] as number[]).push(a1);
          break;
        case 'receptacletype':
          (this.rtypes[a0] as number[]).push(a1);
          typeFacts.push({ r: a0, t: a1 });
          break;
        case 'cancontain':
          this.canContain.add(a0 * n + a1);
          continue;
        case 'inreceptacleobject':
          pushSorted(this.innerObjects[a1] as number[], a0);
          break;
        default: {
          const flag = FLAG_OF[predicate];
          if (flag !== undefined) initial.flags[a0] = (initial.flags[a0] as number) | flag;
          const prop = PROP_OF[predicate];
          if (prop !== undefined) this.props[a0] = (this.props[a0] as number) | prop;
        }
      }
      if (!DYNAMIC_PREDICATES.has(predicate)) this.addStatic(predicate, args);
    }
    this.assignNames(used);
    const agents = this.ofKind[KIND.agent] as number[];
    if (agents.length !== 1) fail(`expected exactly one agent, found ${agents.length}`);
    this.agent = agents[0] as number;
    if (initial.agentLoc < 0) fail('no (atLocation agent …) fact');
    for (const { r, t } of typeFacts) {
      const type = (this.ids[t] as string).toLowerCase();
      if (type === 'sinktype' || type === 'sinkbasintype') this.props[r] = (this.props[r] as number) | PROP.sink;
      if (type === 'microwavetype') this.props[r] = (this.props[r] as number) | PROP.microwave;
      if (type === 'fridgetype') this.props[r] = (this.props[r] as number) | PROP.fridge;
    }
    for (let o = 0; o < n; o++) {
      for (const t of this.otypes[o] as number[]) {
        const type = (this.ids[t] as string).toLowerCase();
        if (type === 'knifetype' || type === 'butterknifetype') this.props[o] = (this.props[o] as number) | PROP.knife;
      }
    }
    for (let r = 0; r < n; r++) {
      const loc = this.recLoc[r] as number;
      if (loc < 0) continue;
      let list = this.recsAtLoc.get(loc);
      if (list === undefined) this.recsAtLoc.set(loc, (list = []));
      list.push(r);
      if (this.names[r] !== '') this.receptacles.push(r);
    }
    this.initial = initial;
    this.goal = compileGoal({ formula: problem.goal, world: this, source });
  }

  private assignNames(used: Uint8Array): void {
    const bases: string[] = [];
    const counts = new Map<string, number>();
    for (let i = 0; i < this.ids.length; i++) {
      const lower = (this.ids[i] as string).toLowerCase();
      const k = lower.indexOf('_bar_');
      const base = k < 0 ? '' : lower.slice(0, k) + (lower.includes('basin') ? 'basin' : '');
      bases.push(base);
      if (used[i] && base !== '') counts.set(base, (counts.get(base) ?? 0) + 1);
    }
    // ALFWorld numbers each base name over the sorted ids, handing out numbers from the highest down.
    for (let i = 0; i < this.ids.length; i++) {
      const base = bases[i] as string;
      if (!used[i]) this.names.push('');
      else if (base === '') this.names.push((this.ids[i] as string).toLowerCase());
      else {
        const left = counts.get(base) as number;
        counts.set(base, left - 1);
        this.names.push(`${base} ${left}`);
      }
      const name = this.names[i] as string;
      if (name !== '' && !this.byName.has(name)) this.byName.set(name, i);
    }
  }

  private addStatic(predicate: string, args: number[]): void {
    const list = this.staticRaw.get(predicate);
    if (list === undefined) this.staticRaw.set(predicate, [args]);
    else list.push(args);
  }

  /** The indexed table of a static predicate's facts (built on first use), or undefined when it has none. */
  staticTable(predicate: string): FactTable | undefined {
    let table = this.staticTables.get(predicate);
    if (table !== undefined) return table;
    const n = this.ids.length;
    const tuples =
      predicate === 'cancontain'
        ? [...this.canContain].map((k) => [Math.floor(k / n), k % n])
        : this.staticRaw.get(predicate);
    if (tuples === undefined || tuples.length === 0) return undefined;
    const arity = (tuples[0] as number[]).length;
    table = { tuples: tuples.filter((t) => t.length === arity), byArg: Array.from({ length: arity }, () => new Map()) };
    for (const t of table.tuples) {
      t.forEach((a, i) => {
        const index = (table as FactTable).byArg[i] as Map<number, number[][]>;
        const list = index.get(a);
        if (list === undefined) index.set(a, [t]);
        else list.push(t);
      });
    }
    this.staticTables.set(predicate, table);
    return table;
  }

  /** True when receptacle type of `r` can contain the type of object `o` (canContain over their type facts). */
  canPut(o: number, r: number): boolean {
    const n = this.ids.length;
    for (const rt of this.rtypes[r] as number[])
      for (const ot of this.otypes[o] as number[]) if (this.canContain.has(rt * n + ot)) return true;
    return false;
  }

  /** Whether entity `e` has static property `prop`. */
  has(e: number, prop: number): boolean {
    return ((this.props[e] as number) & prop) !== 0;
  }
}

const worlds = new WeakMap<AlfworldGame, AlfworldWorld>();

/** The compiled world of a game (cached per game object). Throws `INVALID_ARGUMENT` for an unsupported game. */
export function worldOf(game: AlfworldGame): AlfworldWorld {
  let world = worlds.get(game);
  if (world === undefined) worlds.set(game, (world = new AlfworldWorld(game)));
  return world;
}

/** Inserts `value` into the ascending array `list` (no duplicates). */
export function pushSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as number) > value) i--;
  if (list[i - 1] === value) return;
  list.splice(i, 0, value);
}

/** Removes `value` from `list` when present. */
export function removeValue(list: number[], value: number): void {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
}
