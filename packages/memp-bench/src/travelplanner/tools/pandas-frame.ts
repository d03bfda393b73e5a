import type { Cell, ColumnType } from '../database/data-table.js';

/** Options of {@link renderFrame}. */
export interface RenderFrameOptions {
  columns: readonly string[];
  types: Readonly<Record<string, ColumnType>>;
  rows: ReadonlyArray<Record<string, Cell>>;
  /** Row labels to print as a left-aligned first column (pandas `to_string()`); omitted = `index=False`. */
  index?: readonly number[];
}

const width = (s: string) => Array.from(s).length;
/** pandas prints tabs and line breaks inside a cell as `\\t`, `\\r`, `\\n`. */
const escapeControls = (s: string) => s.replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');

/** A float column as pandas prints it: 6 decimals, then trailing zeros trimmed while every value ends in 0 (one kept). */
function formatFloats(values: number[]): string[] {
  let out = values.map((v) => (Number.isNaN(v) ? 'NaN' : v.toFixed(6)));
  const finite = () => out.filter((s) => s !== 'NaN');
  while (finite().length > 0 && finite().every((s) => s.endsWith('0') && !/\.\d$/.test(s))) {
    out = out.map((s) => (s === 'NaN' ? s : s.slice(0, -1)));
  }
  return out;
}

/**
 * Renders rows as pandas' `DataFrame.to_string()` does (the text the official tools answer): every column
 * right-aligned to its widest cell or header, columns separated by one space, a numeric column's header led by a
 * space, floats formatted per column.
 * With `index`, the labels come first, left-aligned, under a blank header.
 */
export function renderFrame(options: RenderFrameOptions): string {
  const { columns, rows } = options;
  // pandas: numeric column headers get a leading space; with the index shown, every value does too.
  const lead = options.index ? ' ' : '';
  const headers = columns.map((col) => (options.types[col] === 'text' ? col : ` ${col}`));
  const cells = columns.map((col) => {
    const values = rows.map((r) => r[col] as Cell);
    const text =
      options.types[col] === 'float' ? formatFloats(values.map(Number)) : values.map((v) => escapeControls(String(v)));
    return text.map((t) => lead + t);
  });
  const widths = headers.map((h, c) => Math.max(width(h), ...(cells[c] as string[]).map(width)));
  const pad = (s: string, w: number) => ' '.repeat(Math.max(0, w - width(s))) + s;
  const labels = options.index?.map(String);
  const labelWidth = labels ? Math.max(0, ...labels.map(width)) : 0;
  const lines: string[] = [];
  const head = headers.map((h, c) => pad(h, widths[c] as number)).join(' ');
  lines.push(labels ? `${' '.repeat(labelWidth)} ${head}` : head);
  rows.forEach((_, r) => {
    const line = columns.map((_, c) => pad((cells[c] as string[])[r] as string, widths[c] as number)).join(' ');
    lines.push(labels ? `${(labels[r] as string).padEnd(labelWidth)} ${line}` : line);
  });
  return lines.join('\n');
}
