/**
 * Characters a terminal or a reader may act on rather than show: C0 controls (ESC starts ANSI/OSC sequences),
 * DEL, C1 controls (U+0080–U+009F, among them the 8-bit CSI and OSC), bidirectional overrides and isolates
 * (which reorder what is displayed), and zero-width characters (which hide text inside words and tags).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this function's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * Makes untrusted text safe to show: every control, bidi or zero-width character becomes a visible `\u{…}`
 * escape, so ANSI/OSC sequences stored in a memory cannot drive the terminal. With `multiline`, line feeds and
 * tabs are kept (bodies); without it they are escaped too (one-line fields such as a task in a list).
 */
export function escapeControlCharacters(text: string, options: { multiline?: boolean } = {}): string {
  const keep = options.multiline === true;
  return text.replace(CONTROL, (ch) => {
    if (keep && (ch === '\n' || ch === '\t')) return ch;
    return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
  });
}
