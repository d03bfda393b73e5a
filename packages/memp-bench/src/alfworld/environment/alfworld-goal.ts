import { MempError } from 'memp';
import type { PddlFormula, PddlTerm, PddlVariable } from './pddl-formula.js';
import type { AlfworldState } from './alfworld-state.js';
import type { AlfworldWorld } from './alfworld-world.js';

/** An argument: an entity (>= 0) or a variable slot `s` encoded as `-(s + 1)`. */
type Arg = number;
type Node =
  | { t: 'atom'; predicate: string; args: Arg[]; free: number[] }
  | { t: 'eq'; left: Arg; right: Arg; free: number[] }
  | { t: 'not'; body: Node; free: number[] }
  | { t: 'and' | 'or'; parts: Node[]; free: number[] }
  | { t: 'imply'; left: Node; right: Node; free: number[] }
  | { t: 'exists'; slots: number[]; conjuncts: Node[]; free: number[] }
  | { t: 'forall'; slots: number[]; body: Node; free: number[] };

const KIND_OF_TYPE: Record<string, number> = { agent: 0, location: 1, receptacle: 2, object: 3, otype: 4, rtype: 5 };

/** A goal formula compiled against a world: evaluate it on a state with {@link CompiledGoal.holds}. */
export interface CompiledGoal {
  /** True when the goal formula is satisfied in `state`. */
  holds(state: AlfworldState): boolean;
}

/**
 * Compiles a PDDL goal against `world` (constants resolved to entities, variables to slots, nested `exists`
 * flattened into one conjunctive query solved by backtracking over the most selective fact first).
 * Throws `INVALID_ARGUMENT` naming `source` for an unknown constant or variable type.
 */
export function compileGoal(options: { formula: PddlFormula; world: AlfworldWorld; source: string }): CompiledGoal {
  const { world, source } = options;
  const slotKinds: number[] = [];
  const fail = (what: string): never => {
    throw new MempError('INVALID_ARGUMENT', `${source}: unsupported goal: ${what}`, { details: { file: source } });
  };
  const compile = (f: PddlFormula, scope: Map<string, number>): Node => {
    const arg = (term: PddlTerm): Arg => {
      if (term.kind === 'var') {
        const slot = scope.get(term.name);
        return slot === undefined ? fail(`unbound variable ${term.name}`) : -(slot + 1);
      }
      const e = world.byId.get(term.name) ?? world.byId.get(term.name.toLowerCase());
      return e === undefined ? fail(`unknown constant ${term.name}`) : e;
    };
    const bind = (vars: PddlVariable[]): { slots: number[]; inner: Map<string, number> } => {
      const inner = new Map(scope);
      const slots = vars.map((v) => {
        const kind = KIND_OF_TYPE[v.type];
        if (kind === undefined) fail(`variable ${v.name} has unknown type "${v.type}"`);
        slotKinds.push(kind as number);
        const slot = slotKinds.length - 1;
        inner.set(v.name, slot);
        return slot;
      });
      return { slots, inner };
    };
    switch (f.kind) {
      case 'atom': {
        const args = f.args.map(arg);
        return { t: 'atom', predicate: f.predicate, args, free: slotsOf(args) };
      }
      case 'eq': {
        const left = arg(f.left);
        const right = arg(f.right);
        return { t: 'eq', left, right, free: slotsOf([left, right]) };
      }
      case 'not': {
        const body = compile(f.body, scope);
        return { t: 'not', body, free: body.free };
      }
      case 'and':
      case 'or': {
        const parts = f.parts.map((p) => compile(p, scope));
        return { t: f.kind, parts, free: union(parts) };
      }
      case 'imply': {
        const left = compile(f.left, scope);
        const right = compile(f.right, scope);
        return { t: 'imply', left, right, free: union([left, right]) };
      }
      case 'exists': {
        const { slots, inner } = bind(f.vars);
        const conjuncts: Node[] = [];
        const flatten = (n: Node): void => {
          if (n.t === 'and') n.parts.forEach(flatten);
          else if (n.t === 'exists') {
            slots.push(...n.slots);
            n.conjuncts.forEach(flatten);
          } else conjuncts.push(n);
        };
        flatten(compile(f.body, inner));
        return { t: 'exists', slots, conjuncts, free: union(conjuncts).filter((s) => !slots.includes(s)) };
      }
      case 'forall': {
        const { slots, inner } = bind(f.vars);
        const body = compile(f.body, inner);
        return { t: 'forall', slots, body, free: body.free.filter((s) => !slots.includes(s)) };
      }
    }
  };
  const root = compile(options.formula, new Map());
  return {
    holds(state: AlfworldState): boolean {
      const env = new Int32Array(slotKinds.length).fill(-1);
      return evaluate(root, env, state, slotKinds);
    },
  };
}

function slotsOf(args: Arg[]): number[] {
  const out: number[] = [];
  for (const a of args) if (a < 0 && !out.includes(-a - 1)) out.push(-a - 1);
  return out;
}

function union(nodes: Node[]): number[] {
  const out: number[] = [];
  for (const n of nodes) for (const s of n.free) if (!out.includes(s)) out.push(s);
  return out;
}

function bound(free: number[], env: Int32Array): boolean {
  for (const s of free) if ((env[s] as number) < 0) return false;
  return true;
}

function value(a: Arg, env: Int32Array): number {
  return a >= 0 ? a : (env[-a - 1] as number);
}

function evaluate(n: Node, env: Int32Array, state: AlfworldState, kinds: number[]): boolean {
  switch (n.t) {
    case 'atom':
      if (n.args.length === 1) return state.test(n.predicate, value(n.args[0] as number, env));
      if (n.args.length === 2)
        return state.test(n.predicate, value(n.args[0] as number, env), value(n.args[1] as number, env));
      return (
        state.match(
          n.predicate,
          n.args.map((a) => value(a, env)),
        ).length > 0
      );
    case 'eq':
      return value(n.left, env) === value(n.right, env);
    case 'not':
      return !evaluate(n.body, env, state, kinds);
    case 'and':
      return n.parts.every((p) => evaluate(p, env, state, kinds));
    case 'or':
      return n.parts.some((p) => evaluate(p, env, state, kinds));
    case 'imply':
      return !evaluate(n.left, env, state, kinds) || evaluate(n.right, env, state, kinds);
    case 'exists': {
      const result = solve(n.conjuncts, env, state, kinds);
      for (const s of n.slots) env[s] = -1;
      return result;
    }
    case 'forall': {
      const loop = (i: number): boolean => {
        const slot = n.slots[i];
        if (slot === undefined) return evaluate(n.body, env, state, kinds);
        for (const e of state.world.ofKind[kinds[slot] as number] as number[]) {
          env[slot] = e;
          if (!loop(i + 1)) {
            env[slot] = -1;
            return false;
          }
        }
        env[slot] = -1;
        return true;
      };
      return loop(0);
    }
  }
}

/** Backtracking conjunctive query: binds unbound slots from the most selective positive atom first. */
function solve(conjuncts: Node[], env: Int32Array, state: AlfworldState, kinds: number[]): boolean {
  const pending: Node[] = [];
  for (const c of conjuncts) {
    if (bound(c.free, env)) {
      if (!evaluate(c, env, state, kinds)) return false;
    } else pending.push(c);
  }
  if (pending.length === 0) return true;
  // Generate bindings from the most selective positive atom; atoms with no bound argument (which would
  // enumerate a whole relation) are only used when nothing better exists.
  let best = -1;
  let tuples: number[][] = [];
  for (const anchored of [true, false]) {
    pending.forEach((c, i) => {
      if (c.t !== 'atom' || (best >= 0 && tuples.length === 0)) return;
      if (anchored !== c.args.some((a) => a >= 0 || (env[-a - 1] as number) >= 0)) return;
      const found = state.match(
        c.predicate,
        c.args.map((a) => value(a, env)),
      );
      if (best < 0 || found.length < tuples.length) {
        best = i;
        tuples = found;
      }
    });
    if (best >= 0) break;
  }
  if (best >= 0) {
    const generator = pending[best] as Extract<Node, { t: 'atom' }>;
    const rest = pending.filter((_, i) => i !== best);
    for (const tuple of tuples) {
      const newly: number[] = [];
      let consistent = true;
      generator.args.forEach((a, j) => {
        if (a >= 0) return;
        const slot = -a - 1;
        const v = tuple[j] as number;
        if ((env[slot] as number) < 0) {
          env[slot] = v;
          newly.push(slot);
        } else if (env[slot] !== v) consistent = false;
      });
      if (consistent && solve(rest, env, state, kinds)) return true;
      for (const s of newly) env[s] = -1;
    }
    return false;
  }
  // Only negations, equalities and disjunctions remain: enumerate the domain of one unbound variable.
  const slot = (pending[0] as Node).free.find((s) => (env[s] as number) < 0) as number;
  for (const e of state.world.ofKind[kinds[slot] as number] as number[]) {
    env[slot] = e;
    if (solve(pending, env, state, kinds)) return true;
  }
  env[slot] = -1;
  return false;
}
