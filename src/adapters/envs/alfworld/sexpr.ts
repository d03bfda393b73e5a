import { MempError } from '../../../core/errors.js';

/** An s-expression: an atom (a bare token) or a parenthesized list. */
export type SExpr = string | SExpr[];

/**
 * Parses every top-level s-expression of `text` (PDDL syntax: `;` starts a comment that runs to the end
 * of the line). Atoms keep their case. Throws `INVALID_ARGUMENT` naming `source` on unbalanced parentheses.
 */
export function parseSExpressions(options: { text: string; source: string }): SExpr[] {
  const { text, source } = options;
  const stack: SExpr[][] = [[]];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) {
      stack.push([]);
      i++;
    } else if (c === 41 /* ) */) {
      if (stack.length === 1) throw unbalanced(source, 'unexpected ")"', text, i);
      const done = stack.pop() as SExpr[];
      (stack[stack.length - 1] as SExpr[]).push(done);
      i++;
    } else if (c === 59 /* ; */) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c <= 32) {
      i++;
    } else {
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d <= 32 || d === 40 || d === 41 || d === 59) break;
        i++;
      }
      (stack[stack.length - 1] as SExpr[]).push(text.slice(start, i));
    }
  }
  if (stack.length !== 1) throw unbalanced(source, `${stack.length - 1} unclosed "("`, text, n);
  return stack[0] as SExpr[];
}

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
