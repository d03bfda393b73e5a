import { MempError } from '../../core/errors.js';

/** The top-level scalar fields of a SKILL.md frontmatter, and the Markdown body after it. */
export interface SkillFrontmatter {
  fields: Record<string, string>;
  body: string;
}

/**
 * Splits a SKILL.md into its YAML frontmatter and body, reading the subset of YAML skills use: top-level
 * `key: value` pairs whose value is plain, single- or double-quoted, or a block scalar (`|`, `>`); nested mappings
 * and lists (e.g. `metadata:`) are skipped. Anything else is refused with `INVALID_ARGUMENT` naming `source` and the
 * line, rather than guessed at: skill files are untrusted input.
 */
export function parseSkillFrontmatter(text: string, source: string): SkillFrontmatter {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    throw new MempError('INVALID_ARGUMENT', `${source}: a SKILL.md must start with a "---" frontmatter line`, {
      details: { file: source, field: 'frontmatter' },
    });
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    throw new MempError('INVALID_ARGUMENT', `${source}: the frontmatter has no closing "---" line`, {
      details: { file: source, field: 'frontmatter' },
    });
  }
  const fields: Record<string, string> = {};
  for (let i = 1; i < end; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trimStart().startsWith('#') || /^\s/.test(line)) continue;
    const match = /^([A-Za-z0-9_-]+):(?:\s+(.*))?$/.exec(line);
    if (!match) {
      throw new MempError('INVALID_ARGUMENT', `${source} line ${i + 1}: expected "key: value" in the frontmatter`, {
        details: { file: source, line: i + 1, field: 'frontmatter' },
      });
    }
    const key = match[1] as string;
    const raw = (match[2] ?? '').trim();
    if (/^[|>][+-]?$/.test(raw)) {
      const block: string[] = [];
      while (i + 1 < end && (/^\s/.test(lines[i + 1] as string) || (lines[i + 1] as string).trim() === '')) {
        block.push((lines[i + 1] as string).trim());
        i += 1;
      }
      fields[key] = raw.startsWith('|') ? block.join('\n').trim() : block.join(' ').replace(/\s+/g, ' ').trim();
      continue;
    }
    fields[key] = scalar(raw, source, i + 1, key);
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

function scalar(raw: string, source: string, line: number, key: string): string {
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string') return value;
    } catch {
      // not JSON-compatible: refused below
    }
    throw new MempError(
      'INVALID_ARGUMENT',
      `${source} line ${line}: field "${key}": unsupported double-quoted string`,
      {
        details: { file: source, line, field: key },
      },
    );
  }
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2) {
      throw new MempError('INVALID_ARGUMENT', `${source} line ${line}: field "${key}": unterminated quoted string`, {
        details: { file: source, line, field: key },
      });
    }
    return raw.slice(1, -1).replace(/''/g, "'");
  }
  return raw.replace(/\s+#.*$/, '');
}

/** A YAML double-quoted scalar of `text` (JSON string syntax is valid YAML). */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}
