import { z } from 'zod';
import { MempError } from 'memp';
import type { Cell, DataTable } from './data-table.js';

/** The flight table's columns, in the official `clean_Flights_2022.csv` selection order. */
export const FLIGHT_COLUMNS = [
  'Flight Number',
  'Price',
  'DepTime',
  'ArrTime',
  'ActualElapsedTime',
  'FlightDate',
  'OriginCityName',
  'DestCityName',
  'Distance',
] as const;

const FlightSchema = z.object({
  'Flight Number': z.string(),
  Price: z.number(),
  DepTime: z.string(),
  ArrTime: z.string(),
  ActualElapsedTime: z.string(),
  FlightDate: z.string(),
  OriginCityName: z.string(),
  DestCityName: z.string(),
  Distance: z.number(),
});
const LineSchema = z.record(z.string(), z.unknown());

/**
 * Builds the flight table from `train_ref_info.jsonl` (the official flights database is distributed outside the
 * repository): every `Flight from … on …` entry that lists flights adds its rows, in file order, once per flight
 * number and route and date. Throws `INVALID_ARGUMENT` naming the file and line of malformed content.
 */
export function loadFlightTable(options: { text: string; file: string }): DataTable {
  const rows: Array<Record<string, Cell>> = [];
  const seen = new Set<string>();
  const lines = options.text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new MempError('INVALID_ARGUMENT', `${options.file}:${i + 1}: not JSON`, {
        cause: error,
        details: { file: options.file, line: i + 1 },
      });
    }
    const record = LineSchema.safeParse(parsed);
    if (!record.success)
      throw new MempError('INVALID_ARGUMENT', `${options.file}:${i + 1}: not a JSON object`, {
        details: { file: options.file, line: i + 1 },
      });
    for (const [key, value] of Object.entries(record.data)) {
      if (!key.startsWith('Flight from ') || !Array.isArray(value)) continue;
      value.forEach((item, j) => {
        const flight = FlightSchema.safeParse(item);
        if (!flight.success) {
          throw new MempError(
            'INVALID_ARGUMENT',
            `${options.file}:${i + 1}: "${key}"[${j}]: ${flight.error.issues[0]?.message ?? 'invalid flight'}`,
            { details: { file: options.file, line: i + 1, field: key } },
          );
        }
        const f = flight.data;
        const id = `${f['Flight Number']}|${f.OriginCityName}|${f.DestCityName}|${f.FlightDate}`;
        if (seen.has(id)) return;
        seen.add(id);
        rows.push({ ...f });
      });
    }
  });
  return {
    columns: [...FLIGHT_COLUMNS],
    types: {
      'Flight Number': 'text',
      Price: 'int',
      DepTime: 'text',
      ArrTime: 'text',
      ActualElapsedTime: 'text',
      FlightDate: 'text',
      OriginCityName: 'text',
      DestCityName: 'text',
      Distance: 'float',
    },
    rows,
    index: rows.map((_, i) => i),
    rowsInFile: rows.length,
  };
}
