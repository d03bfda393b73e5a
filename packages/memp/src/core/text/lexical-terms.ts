import type { Memory } from '../memory.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stop-words.js';
import { tokenize } from './tokenize.js';

const PURE_NUMBER = /^\p{N}+$/u;
/** Caps the terms of one field, so that a very long procedure cannot make the index (or a query) unbounded. */
export const MAX_LEXICAL_TERMS_PER_FIELD = 400;

/** The fields of a memory that the lexical index holds, each a list of {@link lexicalTerms}. */
export type LexicalField = 'task' | 'keywords' | 'procedure';
/** Every {@link LexicalField}, in the order stores lay them out. */
export const LEXICAL_FIELDS: readonly LexicalField[] = ['task', 'keywords', 'procedure'];

/** A memory's text as lexical terms, per field. */
export type LexicalDocument = Record<LexicalField, string[]>;

/**
 * The vocabulary normalisation shared by every lexical index and every lexical query, so both sides agree:
 * {@link tokenize}d words, stop words, one-character tokens and pure numbers removed, each word reduced by
 * {@link stem}; then, for every two content words that stand next to each other in the text, their joined form
 * (`"soap bar"` → `soap`, `bar`, `soapbar`; `"desk lamp"` → `desk`, `lamp`, `desklamp`), so a split compound
 * matches its closed spelling on either side. Duplicates are kept once, in order of first appearance; at most
 * `max` terms (default {@link MAX_LEXICAL_TERMS_PER_FIELD}). Given several texts (a memory's keywords), words are
 * joined only within one text.
 */
export function lexicalTerms(text: string | readonly string[], options: { max?: number } = {}): string[] {
  const max = options.max ?? MAX_LEXICAL_TERMS_PER_FIELD;
  const seen = new Set<string>();
  const terms: string[] = [];
  const add = (term: string): void => {
    if (terms.length >= max || seen.has(term)) return;
    seen.add(term);
    terms.push(term);
  };
  for (const one of typeof text === 'string' ? [text] : text) {
    let previous: string | undefined;
    for (const token of tokenize(one)) {
      if (token.length < 2 || STOP_WORDS.has(token) || PURE_NUMBER.test(token)) {
        previous = undefined;
        continue;
      }
      add(stem(token));
      if (previous !== undefined) add(stem(previous + token));
      previous = token;
    }
  }
  return terms;
}

/** The procedure texts of a memory as the lexical index sees them: its script, then each step's action. */
export function procedureTexts(memory: Pick<Memory, 'script' | 'steps'>): string[] {
  const parts: string[] = [];
  if (memory.script !== undefined) parts.push(memory.script);
  for (const step of memory.steps ?? []) parts.push(step.action);
  return parts;
}

/** A memory's {@link LexicalDocument}: its task, keywords and procedure, each normalised by {@link lexicalTerms}. */
export function lexicalDocument(memory: Pick<Memory, 'task' | 'keywords' | 'script' | 'steps'>): LexicalDocument {
  return {
    task: lexicalTerms(memory.task),
    keywords: lexicalTerms(memory.keywords),
    procedure: lexicalTerms(procedureTexts(memory)),
  };
}
