import type { Cell } from '../database/data-table.js';
import type { TravelDatabase } from '../database/travel-database.js';
import type { ReferenceEntry } from '../database/travel-query.js';

/** A way to travel one leg that the reference information offers. */
export interface LegOption {
  mode: 'Flight' | 'Self-driving' | 'Taxi';
  /** The plan's transportation string for this option. */
  text: string;
  /** Cost per person (flights) or per vehicle (driving, taxi). */
  cost: number;
}

/** What the offline planner reads from a query's reference information, as typed rows. */
export interface ReferenceView {
  /** The destination cities the reference information covers, in the order it lists them. */
  cities: string[];
  /** Rows of each entity table per city (exactly the tables the reference information prints). */
  restaurants: Map<string, Array<Record<string, Cell>>>;
  attractions: Map<string, Array<Record<string, Cell>>>;
  accommodations: Map<string, Array<Record<string, Cell>>>;
  /** The ways to travel from `a` to `b` on `date` the reference information lists (flights only on their listed date). */
  legOptions(a: string, b: string, date: string): LegOption[];
}

const ENTITY = /^(Attractions|Restaurants|Accommodations) in (.+)$/;
const FLIGHT = /^Flight from (.+) to (.+) on (\d{4}-\d{2}-\d{2})$/;
const DRIVE = /^(Self-driving|Taxi) from (.+) to (.+)$/;
const DRIVE_CONTENT = /^(?:self-driving|taxi), from .+ to .+, duration: .+, distance: .+, cost: (\d+)$/;

/**
 * Reads a query's reference information. The entity tables are taken from the database rows of the city the entry
 * names — the very rows the entry prints (the oracle test checks the printed tables byte for byte) — so the planner
 * does not parse fixed-width text. Flights come from the flight table filtered exactly as the entry's description
 * (origin, destination, date); driving options from the entry's own text. Nothing outside the entries is read.
 */
export function readReferenceView(options: { entries: readonly ReferenceEntry[]; db: TravelDatabase }): ReferenceView {
  const { entries, db } = options;
  const view: ReferenceView = {
    cities: [],
    restaurants: new Map(),
    attractions: new Map(),
    accommodations: new Map(),
    legOptions: () => [],
  };
  const flights = new Map<string, LegOption[]>();
  const drives = new Map<string, LegOption[]>();
  for (const entry of entries) {
    const entity = ENTITY.exec(entry.description);
    if (entity) {
      const kind = (entity[1] as string).toLowerCase() as 'attractions' | 'restaurants' | 'accommodations';
      const city = entity[2] as string;
      if (!view.cities.includes(city)) view.cities.push(city);
      view[kind].set(city, db.inCity(kind, city).rows);
      continue;
    }
    const flight = FLIGHT.exec(entry.description);
    if (flight) {
      const [, a, b, date] = flight as unknown as [string, string, string, string];
      const rows = db.flights.rows.filter(
        (r) => r['OriginCityName'] === a && r['DestCityName'] === b && r['FlightDate'] === date,
      );
      flights.set(
        `${a}|${b}|${date}`,
        rows.map((r) => ({
          mode: 'Flight',
          text: `Flight Number: ${String(r['Flight Number'])}, from ${a} to ${b}, Departure Time: ${String(r['DepTime'])}, Arrival Time: ${String(r['ArrTime'])}`,
          cost: Number(r['Price']),
        })),
      );
      continue;
    }
    const drive = DRIVE.exec(entry.description);
    if (drive) {
      const [, mode, a, b] = drive as unknown as [string, 'Self-driving' | 'Taxi', string, string];
      const content = DRIVE_CONTENT.exec(entry.content.trim());
      if (!content) continue;
      const list = drives.get(`${a}|${b}`) ?? [];
      list.push({ mode, text: `${mode}${entry.content.trim().slice(mode.length)}`, cost: Number(content[1]) });
      drives.set(`${a}|${b}`, list);
    }
  }
  view.legOptions = (a, b, date) => [...(flights.get(`${a}|${b}|${date}`) ?? []), ...(drives.get(`${a}|${b}`) ?? [])];
  return view;
}
