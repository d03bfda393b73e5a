import { MempError } from 'memp';
import { parseCsv } from './parse-csv.js';

/** A cell as pandas would hold it after `read_csv`: a number in a numeric column, else the text. */
export type Cell = string | number;

/** The dtype pandas infers for a column of the whole file: `int64`, `float64` or `object` (text). */
export type ColumnType = 'int' | 'float' | 'text';

/**
 * A CSV table loaded the way the official TravelPlanner code loads it with pandas: the values pandas reads as missing
 * (`''`, `NA`, `NaN`, `null`, …) are missing, each column's dtype is inferred over the whole file (an integer column
 * with a missing value becomes float, as in pandas), and `dropna()` removes every row with any missing field.
 * `index` keeps each kept row's 0-based position in the file (pandas' RangeIndex, shown by `to_string()`).
 */
export interface DataTable {
  /** Column names in file order. */
  columns: string[];
  types: Record<string, ColumnType>;
  /** Kept rows, in file order. */
  rows: Array<Record<string, Cell>>;
  /** File row position (0-based, header excluded) of each kept row. */
  index: number[];
  /** Rows in the file before `dropna()`. */
  rowsInFile: number;
}

/** The strings pandas' `read_csv` turns into NaN by default. */
const PANDAS_NA = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Loads CSV text into a {@link DataTable}. `dropna: false` keeps rows with missing fields (their cells are absent).
 * Throws `INVALID_ARGUMENT` naming the file and line of a row whose field count differs from the header.
 */
export function loadDataTable(options: { text: string; file: string; dropna?: boolean }): DataTable {
  const records = parseCsv({ text: options.text, file: options.file });
  const header = records[0];
  if (!header)
    throw new MempError('INVALID_ARGUMENT', `${options.file}: empty CSV file`, { details: { file: options.file } });
  // pandas names an empty header cell `Unnamed: <i>`.
  const columns = header.map((h, i) => (h === '' ? `Unnamed: ${i}` : h));
  const body = records.slice(1);
  const types: Record<string, ColumnType> = {};
  columns.forEach((col, c) => {
    let type: ColumnType = 'int';
    let missing = false;
    for (const rec of body) {
      const v = rec[c] ?? '';
      if (PANDAS_NA.has(v)) {
        missing = true;
        continue;
      }
      if (type === 'int' && !INT.test(v)) type = 'float';
      if (type === 'float' && !FLOAT.test(v)) {
        type = 'text';
        break;
      }
    }
    types[col] = type === 'int' && missing ? 'float' : type;
  });
  const rows: Array<Record<string, Cell>> = [];
  const index: number[] = [];
  body.forEach((rec, r) => {
    if (rec.length !== columns.length) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `${options.file}:${r + 2}: ${rec.length} fields, the header has ${columns.length}`,
        { details: { file: options.file, line: r + 2 } },
      );
    }
    const row: Record<string, Cell> = {};
    let complete = true;
    columns.forEach((col, c) => {
      const v = rec[c] ?? '';
      if (PANDAS_NA.has(v)) {
        complete = false;
        return;
      }
      row[col] = types[col] === 'text' ? v : Number(v);
    });
    if (complete || options.dropna === false) {
      rows.push(row);
      index.push(r);
    }
  });
  return { columns, types, rows, index, rowsInFile: body.length };
}
