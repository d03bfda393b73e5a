import { describe, expect, it } from 'vitest';
import { writeTinyTravelData } from '../../testing/travelplanner/tiny-travel-data.js';
import { loadTravelDatabase } from '../database/travel-database.js';
import { INVALID_ACTION_ANSWER, NULL_ACTION_ANSWER, createToolSession } from './tool-session.js';
import { createTravelTools } from './travel-tools.js';

const db = loadTravelDatabase({ dir: writeTinyTravelData() });
const tools = createTravelTools({ db });
const CITY_LIST = `['Austin', 'Dallas', 'Boston', "Martha's Vineyard"]`;

function observe(session: ReturnType<typeof createToolSession>, action: string): string {
  const r = session.act(action);
  if (r.kind !== 'observation') throw new Error(`expected an observation, got ${r.kind}`);
  return r.observation;
}

describe('TravelPlanner tools answer with the official strings', () => {
  it('loads with the official row dropping', () => {
    expect(db.accommodations.rowsInFile).toBe(6);
    expect(db.accommodations.rows.map((r) => r['NAME'])).not.toContain('No Rules Flat');
    expect(db.flights.rows.length).toBe(3);
  });

  it('FlightSearch: a table, no flight, a bad date, a bad city, too few arguments', () => {
    const s = createToolSession({ db });
    expect(observe(s, 'FlightSearch[Boston, Austin, 2022-03-01]')).toBe(
      'Flight Number  Price DepTime ArrTime ActualElapsedTime FlightDate OriginCityName DestCityName  Distance\n' +
        '         F001    300   08:00   11:00 3 hours 0 minutes 2022-03-01         Boston       Austin    2800.0\n' +
        '         F005    250   08:00   11:00 3 hours 0 minutes 2022-03-01         Boston       Austin    2800.0',
    );
    expect(observe(s, 'FlightSearch[Austin, Dallas, 2022-03-02]')).toBe(
      'There is no flight from Austin to Dallas on 2022-03-02.',
    );
    expect(observe(s, 'FlightSearch[Austin, Dallas, March 2]')).toBe("'March 2' is not in the format YYYY-MM-DD");
    expect(observe(s, 'FlightSearch[Gotham, Dallas, 2022-03-02]')).toBe(`Gotham is not valid city in ${CITY_LIST}.`);
    expect(observe(s, 'FlightSearch[Austin, Dallas]')).toBe('Illegal Flight Search. Please try again.');
  });

  it('GoogleDistanceMatrix: first row of a pair, costs per mode, no row, empty and "day" rows', () => {
    expect(tools.distanceMatrix('Boston', 'Austin', 'self-driving').text).toBe(
      'self-driving, from Boston to Austin, duration: 30 hours 5 mins, distance: 3,000 km, cost: 150',
    );
    expect(tools.distanceMatrix('Boston(Massachusetts)', 'Austin', 'taxi').text).toBe(
      'taxi, from Boston to Austin, duration: 30 hours 5 mins, distance: 3,000 km, cost: 3000',
    );
    expect(tools.distanceMatrix('Boston', 'Dallas', 'taxi').text).toBe(
      'taxi, from Boston to Dallas, no valid information.',
    );
    expect(tools.distanceMatrix('Dallas', 'Austin', 'taxi').text).toBe('No valid information.');
    expect(tools.distanceMatrix('Austin', 'Dallas', 'self-driving').text).toBe('No valid information.');
    const s = createToolSession({ db });
    expect(observe(s, 'GoogleDistanceMatrix[Boston, Austin]')).toBe('Illegal GoogleDistanceMatrix. Please try again.');
  });

  it('entity searches: tables, the no-result answers (the accommodation one says "attraction"), invalid cities', () => {
    // Printed with the file row index, values led by a space, then the whole answer stripped (as the official agent does).
    expect(tools.restaurantSearch('Dallas').text).toBe(
      'Name  Average Cost Cuisines  Aggregate Rating    City\n7  Noodle House            14  Chinese               3.7  Dallas',
    );
    expect(tools.accommodationSearch('Dallas').text).toBe('There is no attraction in this city.');
    expect(tools.attractionSearch('Dallas').text).toBe('There is no attraction in this city.');
    expect(tools.restaurantSearch("Martha's Vineyard").text).toBe('There is no restaurant in this city.');
    expect(tools.accommodationSearch('Austin').text.split('\n')[0]).toBe(
      'NAME  price       room type house_rules  minimum nights  maximum occupancy  review rate number   city',
    );
    const s = createToolSession({ db });
    expect(observe(s, 'RestaurantSearch[Gotham]')).toBe(`Gotham is not valid city in ${CITY_LIST}.`);
  });

  it('CitySearch, NotebookWrite, invalid and null actions', () => {
    const s = createToolSession({ db });
    expect(observe(s, 'CitySearch[Texas]')).toBe("['Austin', 'Dallas']");
    expect(observe(s, 'CitySearch[Atlantis]')).toBe('Invalid State');
    observe(s, 'AttractionSearch[Austin]');
    expect(observe(s, 'NotebookWrite[Attractions in Austin]')).toBe(
      'The information has been recorded in Notebook, and its index is 0.',
    );
    expect(s.notebook[0]?.content.split('\n')[1]).toContain('State Capitol');
    expect(observe(s, 'Fly[Austin]')).toBe(INVALID_ACTION_ANSWER);
    expect(observe(s, '')).toBe(NULL_ACTION_ANSWER);
    const planner = s.act('Planner[Plan my trip]');
    expect(planner.kind).toBe('planner');
  });

  it('stops after a tool fails 3 times in a row, or the same action 3 times in a row', () => {
    const s = createToolSession({ db });
    for (const d of ['x', 'y', 'z']) observe(s, `FlightSearch[Austin, Boston, ${d}]`);
    expect(s.act('FlightSearch[Austin, Boston, w]').kind).toBe('stopped');
    const t = createToolSession({ db });
    observe(t, 'CitySearch[Texas]');
    observe(t, 'CitySearch[Texas]');
    expect(t.act('CitySearch[Texas]').kind).toBe('stopped');
  });
});
