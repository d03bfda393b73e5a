import { MempError } from 'memp';
import type { SExpr } from './sexpr.js';

/** A term of a PDDL formula: a variable (`?x`) or a constant object id. */
export type PddlTerm = { kind: 'var'; name: string } | { kind: 'const'; name: string };

/** A typed quantified variable, e.g. `?r - receptacle`. */
export interface PddlVariable {
  name: string;
  /** The declared type, lower-cased (`object` when absent). */
  type: string;
}

/** A PDDL goal formula (the subset ALFWorld goals use, plus `or`/`forall`/`imply`). */
export type PddlFormula =
  | { kind: 'atom'; predicate: string; args: PddlTerm[] }
  | { kind: 'eq'; left: PddlTerm; right: PddlTerm }
  | { kind: 'not'; body: PddlFormula }
  | { kind: 'and'; parts: PddlFormula[] }
  | { kind: 'or'; parts: PddlFormula[] }
  | { kind: 'imply'; left: PddlFormula; right: PddlFormula }
  | { kind: 'exists'; vars: PddlVariable[]; body: PddlFormula }
  | { kind: 'forall'; vars: PddlVariable[]; body: PddlFormula };

/**
 * Parses a goal formula from its s-expression. Predicate names are lower-cased (PDDL is case-insensitive).
 * Throws `INVALID_ARGUMENT` naming `source` on anything outside the supported subset.
 */
export function parsePddlFormula(options: { expr: SExpr; source: string }): PddlFormula {
  const { source } = options;
  const fail = (what: string): never => {
    throw new MempError('INVALID_ARGUMENT', `${source}: unsupported goal formula: ${what}`, {
      details: { file: source },
    });
  };
  const term = (e: SExpr): PddlTerm => {
    if (typeof e !== 'string') return fail(`expected a term, got a list`);
    return e.startsWith('?') ? { kind: 'var', name: e.toLowerCase() } : { kind: 'const', name: e };
  };
  const walk = (e: SExpr): PddlFormula => {
    if (typeof e === 'string') return fail(`bare atom "${e}"`);
    if (e.length === 0) return { kind: 'and', parts: [] };
    const head = e[0];
    if (typeof head !== 'string') return fail('a list where a predicate was expected');
    const op = head.toLowerCase();
    const rest = e.slice(1);
    switch (op) {
      case 'and':
        return { kind: 'and', parts: rest.map(walk) };
      case 'or':
        return { kind: 'or', parts: rest.map(walk) };
      case 'not':
        if (rest.length !== 1) return fail('"not" takes one formula');
        return { kind: 'not', body: walk(rest[0] as SExpr) };
      case 'imply':
        if (rest.length !== 2) return fail('"imply" takes two formulas');
        return { kind: 'imply', left: walk(rest[0] as SExpr), right: walk(rest[1] as SExpr) };
      case 'exists':
      case 'forall': {
        const [vars, body] = rest;
        if (!Array.isArray(vars) || body === undefined || rest.length !== 2) return fail(`malformed "${op}"`);
        return { kind: op, vars: parseTypedVariables(vars, fail), body: walk(body) };
      }
      case '=':
        if (rest.length !== 2) return fail('"=" takes two terms');
        return { kind: 'eq', left: term(rest[0] as SExpr), right: term(rest[1] as SExpr) };
      default:
        return { kind: 'atom', predicate: op, args: rest.map(term) };
    }
  };
  return walk(options.expr);
}

/** Parses `?a ?b - type ?c - type2` (commas, as in some ALFRED files, are ignored). */
function parseTypedVariables(list: SExpr[], fail: (what: string) => never): PddlVariable[] {
  const out: PddlVariable[] = [];
  let pending: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const tok = list[i];
    if (typeof tok !== 'string') return fail('a list inside a variable list');
    if (tok === ',') continue;
    if (tok === '-') {
      const type = list[++i];
      if (typeof type !== 'string') return fail('missing type after "-"');
      for (const name of pending) out.push({ name, type: type.replace(/,$/, '').toLowerCase() });
      pending = [];
      continue;
    }
    const name = tok.replace(/,$/, '').toLowerCase();
    if (!name.startsWith('?')) return fail(`"${tok}" is not a variable`);
    pending.push(name);
  }
  for (const name of pending) out.push({ name, type: 'object' });
  return out;
}
