import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrapError } from 'memp/internal';
import { type Cell, type DataTable, loadDataTable } from './data-table.js';
import { loadFlightTable } from './load-flight-table.js';

/** The entity tables a plan's `Name, City` strings are looked up in. */
export type EntityKind = 'accommodations' | 'restaurants' | 'attractions';

/** The name and city columns of each entity table (the official files' spellings). */
export const ENTITY_COLUMNS: Record<EntityKind, { name: string; city: string }> = {
  accommodations: { name: 'NAME', city: 'city' },
  restaurants: { name: 'Name', city: 'City' },
  attractions: { name: 'Name', city: 'City' },
};

/** A `GoogleDistanceMatrix` row as stored: duration and distance are absent when the file leaves them empty. */
export interface DistanceRow {
  duration?: string;
  distance?: string;
}

/**
 * The TravelPlanner sandbox database, loaded once: the tables the tools search and the evaluator looks plans up in,
 * with the official row dropping (`dropna()` on accommodations, restaurants, attractions; none on distances, where
 * the first row of a duplicate pair wins). Flights come from the train queries' reference information.
 */
export interface TravelDatabase {
  /** The data directory (holding `database/`). */
  readonly dir: string;
  readonly accommodations: DataTable;
  readonly restaurants: DataTable;
  readonly attractions: DataTable;
  readonly flights: DataTable;
  /** `citySet.txt`: the cities the tools accept, in file order. */
  readonly cities: readonly string[];
  /** `citySet_with_states.txt`: city → state. */
  readonly cityState: ReadonlyMap<string, string>;
  /** state → its cities in file order (what `CitySearch` answers). */
  readonly stateCities: ReadonlyMap<string, readonly string[]>;
  /** Rows of `kind` whose name contains `name` (literal, case-sensitive) and whose city equals `city`, in file order. */
  match(kind: EntityKind, name: string, city: string): Array<Record<string, Cell>>;
  /** Rows of `kind` in `city`, in file order, with their file positions. */
  inCity(kind: EntityKind, city: string): { rows: Array<Record<string, Cell>>; index: number[] };
  /** The first distance row from `origin` to `destination`, or undefined. */
  distance(origin: string, destination: string): DistanceRow | undefined;
  /** Flight rows with this flight number, in table order. */
  flightsByNumber(flightNumber: string): Array<Record<string, Cell>>;
}

/** Where each file lives under the data directory. */
export const TRAVEL_DATABASE_FILES = {
  accommodations: 'database/accommodations/clean_accommodations_2022.csv',
  restaurants: 'database/restaurants/clean_restaurant_2022.csv',
  attractions: 'database/attractions/attractions.csv',
  distances: 'database/googleDistanceMatrix/distance.csv',
  cities: 'database/background/citySet.txt',
  cityStates: 'database/background/citySet_with_states.txt',
  referenceInformation: 'database/train_ref_info.jsonl',
} as const;

function read(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    throw wrapError(error, 'NOT_FOUND', `TravelPlanner data file missing: ${join(dir, file)}`);
  }
}

/**
 * Loads the database from `dir` (the TravelPlanner data directory). Throws `NOT_FOUND` naming a missing file and
 * `INVALID_ARGUMENT` naming the file and line of malformed content.
 */
export function loadTravelDatabase(options: { dir: string }): TravelDatabase {
  const { dir } = options;
  const F = TRAVEL_DATABASE_FILES;
  const tables: Record<EntityKind, DataTable> = {
    accommodations: loadDataTable({ text: read(dir, F.accommodations), file: F.accommodations }),
    restaurants: loadDataTable({ text: read(dir, F.restaurants), file: F.restaurants }),
    attractions: loadDataTable({ text: read(dir, F.attractions), file: F.attractions }),
  };
  const distanceTable = loadDataTable({ text: read(dir, F.distances), file: F.distances, dropna: false });
  const flights = loadFlightTable({ text: read(dir, F.referenceInformation), file: F.referenceInformation });
  // The agent reads citySet.txt with strip().split('\n'); the evaluator reads the state map with split('\n').
  const cities = read(dir, F.cities).trim().split('\n');
  const cityState = new Map<string, string>();
  const stateCities = new Map<string, string[]>();
  for (const line of read(dir, F.cityStates).trim().split('\n')) {
    const [city = '', state = ''] = line.split('\t');
    cityState.set(city, state);
    const list = stateCities.get(state) ?? [];
    list.push(city);
    stateCities.set(state, list);
  }
  const byCity = {} as Record<EntityKind, Map<string, number[]>>;
  for (const kind of Object.keys(tables) as EntityKind[]) {
    const map = new Map<string, number[]>();
    tables[kind].rows.forEach((row, i) => {
      const city = String(row[ENTITY_COLUMNS[kind].city]);
      const list = map.get(city) ?? [];
      list.push(i);
      map.set(city, list);
    });
    byCity[kind] = map;
  }
  const distances = new Map<string, DistanceRow>();
  for (const row of distanceTable.rows) {
    const key = `${String(row['origin'])}\u0000${String(row['destination'])}`;
    if (distances.has(key)) continue;
    const entry: DistanceRow = {};
    if (row['duration'] !== undefined) entry.duration = String(row['duration']);
    if (row['distance'] !== undefined) entry.distance = String(row['distance']);
    distances.set(key, entry);
  }
  const flightNumbers = new Map<string, Array<Record<string, Cell>>>();
  for (const row of flights.rows) {
    const key = String(row['Flight Number']);
    const list = flightNumbers.get(key) ?? [];
    list.push(row);
    flightNumbers.set(key, list);
  }
  return {
    dir,
    ...tables,
    flights,
    cities,
    cityState,
    stateCities,
    match(kind, name, city) {
      const ids = byCity[kind].get(city) ?? [];
      const nameColumn = ENTITY_COLUMNS[kind].name;
      const table = tables[kind];
      const out: Array<Record<string, Cell>> = [];
      for (const i of ids) {
        const row = table.rows[i] as Record<string, Cell>;
        if (String(row[nameColumn]).includes(name)) out.push(row);
      }
      return out;
    },
    inCity(kind, city) {
      const ids = byCity[kind].get(city) ?? [];
      const table = tables[kind];
      return {
        rows: ids.map((i) => table.rows[i] as Record<string, Cell>),
        index: ids.map((i) => table.index[i] as number),
      };
    },
    distance(origin, destination) {
      return distances.get(`${origin}\u0000${destination}`);
    },
    flightsByNumber(flightNumber) {
      return flightNumbers.get(flightNumber) ?? [];
    },
  };
}
