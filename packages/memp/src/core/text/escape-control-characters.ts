import { INVISIBLE_CHARACTER } from './untrusted-text.js';

/**
 * Characters a terminal or a reader may act on rather than show: every control character (C0, where ESC starts
 * ANSI/OSC sequences; DEL; C1, among them the 8-bit CSI and OSC), lone surrogates, line and paragraph separators, and the invisible
 * characters of the untrusted-text sanitiser (`INVISIBLE_CHARACTER` in `untrusted-text.ts`): format characters
 * (Unicode category Cf: zero-width characters, bidi overrides and isolates, soft hyphen, …) and Unicode tag characters.
 */
const TERMINAL_UNSAFE = new RegExp(`${INVISIBLE_CHARACTER.source}|[\\p{Cc}\\p{Cs}\\u2028\\u2029]`, 'gu');

/**
 * The terminal side of the untrusted-text sanitiser (core/text/untrusted-text.ts): every control, invisible or tag
 * character becomes a visible `\u{…}` escape, so ANSI/OSC sequences stored in a memory or a key name cannot drive
 * the terminal and hidden text shows. With `multiline`, line feeds and tabs are kept (bodies); without it they are
 * escaped too (one-line fields such as a task in a list).
 */
export function escapeControlCharacters(text: string, options: { multiline?: boolean } = {}): string {
  const keep = options.multiline === true;
  return text.replace(TERMINAL_UNSAFE, (ch) => {
    if (keep && (ch === '\n' || ch === '\t')) return ch;
    return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
  });
}
