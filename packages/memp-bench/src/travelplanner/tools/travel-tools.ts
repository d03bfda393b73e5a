import type { Cell } from '../database/data-table.js';
import type { EntityKind, TravelDatabase } from '../database/travel-database.js';
import { costForMode } from '../evaluation/sandbox-cost.js';
import { planText } from '../evaluation/plan-text.js';
import { renderFrame } from './pandas-frame.js';
import { pythonListRepr } from './python-repr.js';

/** Column selections the official tools print, in order. */
export const TOOL_COLUMNS: Record<EntityKind, readonly string[]> = {
  accommodations: [
    'NAME',
    'price',
    'room type',
    'house_rules',
    'minimum nights',
    'maximum occupancy',
    'review rate number',
    'city',
  ],
  restaurants: ['Name', 'Average Cost', 'Cuisines', 'Aggregate Rating', 'City'],
  attractions: ['Name', 'Latitude', 'Longitude', 'Address', 'Phone', 'Website', 'City'],
};

/** A tool's answer: the text the agent sees and, for searches, the data `NotebookWrite` would record. */
export interface ToolAnswer {
  text: string;
  /** The searched data (undefined for answers that are not results, e.g. `CitySearch`). */
  data?: string;
}

/**
 * The TravelPlanner search tools over a loaded database, answering with the official strings. Arguments are taken
 * as given (the two-stage environment validates city names and dates first, as the official agent does).
 */
export interface TravelTools {
  /** `FlightSearch[org, dest, date]`: a table, or `There is no flight from {o} to {d} on {date}.` */
  flightSearch(origin: string, destination: string, date: string): ToolAnswer;
  /** `GoogleDistanceMatrix[org, dest, mode]` (parentheses stripped, first row of the pair). */
  distanceMatrix(origin: string, destination: string, mode: string): ToolAnswer;
  /** `AccommodationSearch[city]`; none: `There is no attraction in this city.` (the official wording). */
  accommodationSearch(city: string): ToolAnswer;
  /** `RestaurantSearch[city]` (printed with the row index); none: `There is no restaurant in this city.` */
  restaurantSearch(city: string): ToolAnswer;
  /** `AttractionSearch[city]`; none: `There is no attraction in this city.` */
  attractionSearch(city: string): ToolAnswer;
  /** `CitySearch[state]`: the state's cities as a Python list, or `Invalid State`. */
  citySearch(state: string): ToolAnswer;
}

/** Creates the {@link TravelTools} of `db`. */
export function createTravelTools(options: { db: TravelDatabase }): TravelTools {
  const { db } = options;
  const search = (kind: EntityKind, city: string, none: string, withIndex: boolean): ToolAnswer => {
    const { rows, index } = db.inCity(kind, city);
    if (rows.length === 0) return { text: none, data: none };
    const text = renderFrame({
      columns: TOOL_COLUMNS[kind],
      types: db[kind].types,
      rows,
      ...(withIndex ? { index } : {}),
    }).trim();
    return { text, data: text };
  };
  return {
    flightSearch(origin, destination, date) {
      const rows: Array<Record<string, Cell>> = db.flights.rows.filter(
        (r) => r['OriginCityName'] === origin && r['DestCityName'] === destination && r['FlightDate'] === date,
      );
      if (rows.length === 0) {
        const text = `There is no flight from ${origin} to ${destination} on ${date}.`;
        return { text, data: text };
      }
      const text = renderFrame({ columns: db.flights.columns, types: db.flights.types, rows });
      return { text, data: text };
    },
    distanceMatrix(origin, destination, mode) {
      const o = planText.beforeParenthesis(origin);
      const d = planText.beforeParenthesis(destination);
      const row = db.distance(o, d);
      let text: string;
      if (!row) text = `${mode}, from ${o} to ${d}, no valid information.`;
      else if (row.duration === undefined || row.distance === undefined || row.duration.includes('day'))
        text = 'No valid information.';
      else {
        const cost = costForMode(row.distance, mode);
        text = `${mode}, from ${o} to ${d}, duration: ${row.duration}, distance: ${row.distance}, cost: ${cost === undefined ? 'None' : cost}`;
      }
      return { text, data: text };
    },
    accommodationSearch: (city) => search('accommodations', city, 'There is no attraction in this city.', false),
    restaurantSearch: (city) => search('restaurants', city, 'There is no restaurant in this city.', true),
    attractionSearch: (city) => search('attractions', city, 'There is no attraction in this city.', false),
    citySearch(state) {
      const cities = db.stateCities.get(state);
      return { text: cities ? pythonListRepr(cities) : 'Invalid State' };
    },
  };
}
