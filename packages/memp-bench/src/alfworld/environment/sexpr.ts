import { MempError } from 'memp';

/** An s-expression: an atom (a bare token) or a parenthesized list. */
export type SExpr = string | SExpr[];

/**
 * Parses every top-level s-expression of `text` (PDDL syntax: `;` starts a comment that runs to the end
 * of the line). Atoms keep their case. Throws `INVALID_ARGUMENT` naming `source` on unbalanced parentheses.
 */
export function parseSExpressions(options: { text: string; source: string }): SExpr[] {
  const { text, source } = options;
  const stack: SExpr[][] = [];
  let current: SExpr[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const tok = m[0];
    if (tok === '(') {
      stack.push(current);
      current = [];
    } else if (tok === ')') {
      const parent = stack.pop();
      if (parent === undefined) throw unbalanced(source, 'unexpected ")"', text, m.index);
      parent.push(current);
      current = parent;
    } else if (tok.charCodeAt(0) !== 59 /* ; */) current.push(tok);
  }
  if (stack.length !== 0) throw unbalanced(source, `${stack.length} unclosed "("`, text, text.length);
  return current;
}

/** A parenthesis, a comment to the end of the line, or an atom. */
const TOKEN = /[()]|;[^\n]*|[^\s();]+/g;

function unbalanced(source: string, what: string, text: string, at: number): MempError {
  const line = text.slice(0, at).split('\n').length;
  return new MempError('INVALID_ARGUMENT', `${source}: malformed s-expression: ${what} at line ${line}`, {
    details: { file: source, line },
  });
}

/** True when `expr` is a list whose head is the atom `head` (case-insensitive). */
export function isForm(expr: SExpr | undefined, head: string): expr is SExpr[] {
  return Array.isArray(expr) && typeof expr[0] === 'string' && expr[0].toLowerCase() === head;
}
