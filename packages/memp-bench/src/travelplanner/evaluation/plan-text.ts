import { OfficialCrash } from './official-crash.js';

/**
 * The official parsing of plan strings, quirks included:
 * - `from A to B`: `from\s+(.+?)\s+to\s+([^,]+)(?=[,\s]|$)`, B running to the next comma (trailing spaces kept);
 * - a city's state in parentheses: the text before the first `(` that a `)` closes (`Austin (Texas)` → `Austin `);
 * - `Name, City`: name before the last comma, city after it, both trimmed, the city without parentheses.
 * Python's `.` stops at `\n` only, hence `[^\n]` below.
 */
export const planText = {
  /** (A, B) of `from A to B`, or undefined. */
  fromTo(text: string): [string, string] | undefined {
    const m = /from\s+([^\n]+?)\s+to\s+([^,]+)(?=[,\s]|$)/u.exec(text);
    return m ? [m[1] as string, m[2] as string] : undefined;
  },
  /** The text before a parenthesised part; `None` in Python raises, so `undefined` crashes here. */
  beforeParenthesis(text: string | undefined): string {
    if (text === undefined) throw new OfficialCrash('a "from A to B" could not be parsed');
    const m = /^([^\n]*?)\([^)]*\)/u.exec(text);
    return m ? (m[1] as string) : text;
  },
  /** (name, city) of `Name, City`; `('-', '-')` when there is no comma followed by text. */
  nameCity(text: string): [string, string] {
    const m = /([^\n]*?),\s*([^,]+)$/u.exec(text);
    if (!m) return ['-', '-'];
    return [(m[1] as string).trim(), planText.beforeParenthesis((m[2] as string).trim()).trim()];
  },
};
