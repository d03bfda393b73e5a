/**
 * The one sanitiser for untrusted text (memory content, key names, anything a caller stored) on its way into a
 * prompt or onto a terminal. Prompts get {@link sanitizePromptText}: invisible characters removed, then tags that
 * read as the prompt's own delimiters defused. Terminals get `escapeControlCharacters` (core/text), which makes the
 * same invisible characters, and the controls a terminal acts on, visible as `\u{…}` escapes.
 */

/**
 * Characters a reader does not see: every format character (Unicode category Cf: zero-width spaces and joiners,
 * bidi controls, soft hyphen, BOM, …) and the whole Unicode tag block U+E0000–U+E007F (which can smuggle ASCII).
 */
export const INVISIBLE_CHARACTER = /[\p{Cf}\u{e0000}-\u{e007f}]/u;

const INVISIBLE_OR_CONTROL = /[\p{Cf}\u{e0000}-\u{e007f}\p{Cc}\p{Cs}]/gu;

/**
 * Left angle-bracket look-alikes a model may read as `<`: ASCII, fullwidth, small, Canadian syllabics ᐸ, modifier
 * arrowheads ˂ ˱, mathematical and CJK angle brackets ⟨ 〈 〈 ⟪ 《, quotation marks ‹ «, ornaments ❮ ❬ ❰, and a few
 * relation signs (≮ ≺ ⊲ ⋖).
 */
const OPEN_BRACKETS =
  '<\uff1c\ufe64\u1438\u02c2\u02f1\u27e8\u3008\u2329\u27ea\u300a\u2039\u00ab\u276e\u276c\u2770\u29fc\u2989\u2991\u226e\u227a\u22b2\u22d6\u3111';
/** Right angle-bracket look-alikes, the counterparts of {@link OPEN_BRACKETS}. */
const CLOSE_BRACKETS =
  '>\uff1e\ufe65\u1433\u02c3\u02f2\u27e9\u3009\u232a\u27eb\u300b\u203a\u00bb\u276f\u276d\u2771\u29fd\u298a\u2992\u226f\u227b\u22b3\u22d7';

const OPEN = new Set([...OPEN_BRACKETS].map((ch) => ch.charCodeAt(0)));
const CLOSE = new Set([...CLOSE_BRACKETS].map((ch) => ch.charCodeAt(0)));

/** Letters of other scripts (after NFKC and lower-casing), and the digits 0 and 1, that look like a Latin letter… */
const CONFUSABLE_FROM = 'аеёһіїјкморстухѕԁԛԝӏαεικνορτυχωօսıȷɑɡɩʟᴀʙᴄᴅᴇɢʜᴊᴋᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ01';
/** …and those Latin letters, position by position. */
const CONFUSABLE_TO = 'aeehiijkmopctyxsdqwlaeikvoptuxwouijagilabcdeghjkmnoprstuvwyzol';
const CONFUSABLE: ReadonlyMap<string, string> = new Map(
  [...CONFUSABLE_FROM].map((ch, i) => [ch, CONFUSABLE_TO[i] ?? ch]),
);

const latinCache = new Map<string, string>();
const MAX_CACHED = 4096;

/**
 * The Latin letters and digits a careless reader takes one character for: NFKC, lower case, look-alike letters as
 * Latin; whitespace, invisible characters, combining marks and punctuation (slashes, dashes, underscores) give none.
 */
function latinOf(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) {
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return CONFUSABLE.get(ch) ?? ch;
    return '';
  }
  const cached = latinCache.get(ch);
  if (cached !== undefined) return cached;
  let out = '';
  if (!/\p{M}/u.test(ch)) {
    for (const part of ch.normalize('NFKC').toLowerCase()) {
      const latin = CONFUSABLE.get(part) ?? part;
      if ((latin >= 'a' && latin <= 'z') || (latin >= '0' && latin <= '9')) out += latin;
    }
  }
  if (latinCache.size < MAX_CACHED) latinCache.set(ch, out);
  return out;
}

/** The code point of `text` at `at` (one or two code units; a lone surrogate is one). */
function codePointAt(text: string, at: number): string {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return text.slice(at, at + 2);
  }
  return text.charAt(at);
}

/** `text` as a careless reader spells it: only the Latin letters and digits of {@link latinOf}. */
function skeleton(text: string): string {
  let out = '';
  for (const ch of text) out += latinOf(ch);
  return out;
}

/** The first `count` letters (or fewer, at the end) spelled from `at` on, and where the character of each ends. */
function spellAhead(text: string, at: number, count: number): { spelled: string; ends: number[] } {
  let spelled = '';
  const ends: number[] = [];
  for (let p = at; p < text.length && spelled.length < count; ) {
    const ch = codePointAt(text, p);
    p += ch.length;
    for (const letter of latinOf(ch)) {
      spelled += letter;
      ends.push(p);
    }
  }
  return { spelled, ends };
}

/**
 * Removes what a reader would not see or a prompt should not carry: format characters and Unicode tag characters
 * ({@link INVISIBLE_CHARACTER}), lone surrogates (removed in the same pass, so no pair forms around a removed
 * character), and control characters other than tab and line feed (`\r\n` and a lone `\r` become `\n`).
 */
export function stripInvisible(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE_OR_CONTROL, (ch) => (ch === '\n' || ch === '\t' ? ch : ''));
}

/**
 * Neutralises everything that reads as an opening or closing tag named in `tags`, look-alikes included. A reader
 * sees such a tag where an angle-bracket look-alike (ASCII, fullwidth, small, ᐸ, ˂, ⟨, 〈, ‹, «, …) stands before
 * the tag's name with nothing but non-letters between them — slashes of any kind, whitespace and line breaks of any
 * length, invisible characters — and the name is spelled in any case, with dashes or nothing for underscores, with
 * fullwidth or confusable letters, or split by invisible characters. Every such bracket becomes `[`, and closing
 * brackets right after the name `]`: no reader takes `[/procedural_memory]` for a tag. Names count as prefixes
 * (`<tasks>` is defused for `task`); other bracketed text is left as it is.
 *
 * Only brackets are replaced, never turned into letters, so the result holds no new tag. One pass, linear in the
 * text's length (a name is read ahead at most once per run of brackets).
 */
export function defuseTags(text: string, tags: readonly string[]): string {
  const names = [...new Set(tags.map(skeleton))].filter((name) => name !== '');
  const longest = Math.max(0, ...names.map((name) => name.length));
  let marks: Uint8Array | undefined; // 1: becomes `[`, 2: becomes `]`
  let pending: number[] = [];
  let closeFrom = -1;
  for (let p = 0; p < text.length; ) {
    const code = text.charCodeAt(p);
    if (OPEN.has(code)) pending.push(p);
    else if (CLOSE.has(code)) {
      if (closeFrom >= 0 && p >= closeFrom) {
        marks ??= new Uint8Array(text.length);
        marks[p] = 2;
      }
    } else {
      const ch = codePointAt(text, p);
      if (latinOf(ch) !== '') {
        if (p >= closeFrom) closeFrom = -1;
        if (pending.length > 0) {
          const { spelled, ends } = spellAhead(text, p, longest);
          const name = names.find((n) => spelled.startsWith(n));
          if (name !== undefined) {
            marks ??= new Uint8Array(text.length);
            for (const open of pending) marks[open] = 1;
            closeFrom = ends[name.length - 1] ?? text.length;
          }
          pending = [];
        }
      }
      p += ch.length;
      continue;
    }
    p += 1;
  }
  return marks === undefined ? text : applyMarks(text, marks);
}

const UTF16 = new TextDecoder('utf-16le');

/** `text` with each marked bracket replaced: `[` for 1, `]` for 2 (a lone surrogate becomes U+FFFD). */
function applyMarks(text: string, marks: Uint8Array): string {
  const units = new Uint16Array(text.length);
  for (let p = 0; p < text.length; p++) {
    const mark = marks[p];
    units[p] = mark === 1 ? 0x5b : mark === 2 ? 0x5d : text.charCodeAt(p);
  }
  return UTF16.decode(units);
}

/** Options of {@link sanitizePromptText}. */
export interface PromptTextOptions {
  /** Tag names the prompt uses as delimiters; any look-alike of them in the text is defused. */
  tags: readonly string[];
  /** Collapse every run of whitespace (line breaks included) to one space, for a one-line field such as a title. */
  oneLine?: boolean;
}

/**
 * Makes untrusted text safe inside a prompt's data block: invisible and control characters are removed, whitespace
 * collapsed for one-line fields, and only then are delimiter look-alikes defused — so no later step can turn the
 * text back into a tag.
 */
export function sanitizePromptText(text: string, options: PromptTextOptions): string {
  const visible = stripInvisible(text);
  const normalised = options.oneLine === true ? visible.replace(/\s+/g, ' ') : visible;
  return defuseTags(normalised, options.tags);
}
