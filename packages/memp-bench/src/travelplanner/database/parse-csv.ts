import { MempError } from 'memp';

/**
 * Parses RFC 4180 CSV text into rows of fields: quoted fields may hold commas, doubled quotes and line breaks;
 * lines end in LF or CRLF; a trailing line break adds no row. Throws `INVALID_ARGUMENT` naming `file` and the line
 * on an unterminated quoted field.
 */
export function parseCsv(options: { text: string; file: string }): string[][] {
  const { text, file } = options;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (c === '\n') line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      startLine = line;
      i += 1;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i += 1;
      continue;
    }
    if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line += 1;
      i += 1;
      continue;
    }
    field += c;
    i += 1;
  }
  if (quoted) {
    throw new MempError('INVALID_ARGUMENT', `${file}:${startLine}: unterminated quoted field`, {
      details: { file, line: startLine },
    });
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
