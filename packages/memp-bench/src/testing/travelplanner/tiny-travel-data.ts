import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanDay, TravelQuery } from '../../travelplanner/database/travel-query.js';

const ACCOMMODATIONS = `,NAME,room type,price,minimum nights,review rate number,house_rules,maximum occupancy,city
0,Cozy Loft,Entire home/apt,100.0,2.0,4.0,No smoking,2,Austin
1,Party House,Entire home/apt,120.0,1.0,4.0,No pets,4,Austin
2,Private Nook,Private room,60.0,1.0,3.0,No parties,2,Austin
3,Grand Villa,Entire home/apt,5000.0,1.0,5.0,No visitors,8,Austin
4,Sunny Room,Entire home/apt,90.0,1.0,4.0,No parties,2,Austin
5,No Rules Flat,Entire home/apt,80.0,1.0,4.0,,2,Austin
`;
const RESTAURANTS = `,Name,City,Cuisines,Average Cost,Aggregate Rating
0,Taco Place,Austin,"Mexican, Tex-Mex",20,4.5
1,BBQ Barn,Austin,"BBQ, American",25,4.2
2,Bean Cafe,Austin,"Cafe, Bakery",10,4.0
3,Noodle House,Austin,"Chinese, Asian",15,3.9
4,Steak Co,Austin,"American, Steak",40,4.6
5,Waffle Spot,Austin,"Cafe, Desserts",12,4.1
6,Pizza Pie,Austin,"Pizza, Italian",18,3.8
7,Noodle House,Dallas,"Chinese",14,3.7
8,Curry Corner,Austin,"Indian",16,4.0
9,Harbor Grill,Boston,"Seafood, Mexican",30,4.3
`;
const ATTRACTIONS = `Name,Latitude,Longitude,Address,Phone,Website,City
State Capitol,30.2746652,-97.7403505,"1100 Congress Ave, Austin, TX",(512) 463-4630,https://tspb.texas.gov/,Austin
Zilker Park,30.2669624,-97.7728,"2100 Barton Springs Rd, Austin, TX",(512) 974-6700,https://www.austintexas.gov/,Austin
Museum of Art,30.28,-97.74,"200 E MLK Jr Blvd, Austin, TX",(512) 471-5482,https://www.blantonmuseum.org/,Austin
`;
const DISTANCES = `origin,destination,cost,duration,distance
Boston,Austin,,30 hours 5 mins,"3,000 km"
Austin,Boston,,30 hours 10 mins,"3,010 km"
Boston,Austin,,1 hours 1 mins,"1 km"
Austin,Dallas,,1 day 2 hours,"300 km"
Dallas,Austin,,,
Springfield,Austin,,20 hours 1 min,"1,500 km"
Austin,Springfield,,20 hours 2 mins,"1,510 km"
`;
const CITIES = ['Austin', 'Dallas', 'Boston', "Martha's Vineyard"];
const CITY_STATES = "Austin\tTexas\nDallas\tTexas\nBoston\tMassachusetts\nMartha's Vineyard\tMassachusetts";

function flight(n: string, o: string, d: string, date: string, price: number) {
  return {
    'Flight Number': n,
    Price: price,
    DepTime: '08:00',
    ArrTime: '11:00',
    ActualElapsedTime: '3 hours 0 minutes',
    FlightDate: date,
    OriginCityName: o,
    DestCityName: d,
    Distance: 2800.0,
  };
}
const REF_INFO = [
  {
    'Flight from Boston to Austin on 2022-03-01': [
      flight('F001', 'Boston', 'Austin', '2022-03-01', 300),
      flight('F005', 'Boston', 'Austin', '2022-03-01', 250),
    ],
    'Self-driving from Boston to Austin':
      'Self-driving, from Boston to Austin, duration: 30 hours 5 mins, distance: 3,000 km, cost: 150',
  },
  {
    'Flight from Austin to Boston on 2022-03-03': [flight('F002', 'Austin', 'Boston', '2022-03-03', 280)],
    'Flight from Austin to Dallas on 2022-03-02': 'There is no flight from Austin to Dallas on 2022-03-02.',
  },
];

/** The tiny query every constraint test starts from: Boston → Austin, 3 days, 2 people, hard level. */
export function tinyQuery(overrides: Partial<TravelQuery> = {}): TravelQuery {
  return {
    idx: 1,
    org: 'Boston',
    dest: 'Austin',
    days: 3,
    visiting_city_number: 1,
    date: ['2022-03-01', '2022-03-02', '2022-03-03'],
    people_number: 2,
    budget: 3000,
    query: 'Plan a 3-day trip from Boston to Austin for 2 people with a budget of $3,000.',
    level: 'hard',
    local_constraint: {
      'house rule': 'pets',
      cuisine: ['Mexican'],
      'room type': 'entire room',
      transportation: 'no flight',
    },
    goldPlan: tinyPlan(),
    referenceInformation: [{ description: 'Attractions in Austin', content: 'State Capitol' }],
    ...overrides,
  };
}

/** A plan of {@link tinyQuery} that passes every commonsense and hard constraint. */
export function tinyPlan(): PlanDay[] {
  return [
    {
      days: 1,
      current_city: 'from Boston to Austin',
      transportation: 'Self-driving, from Boston to Austin, duration: 30 hours 5 mins, distance: 3,000 km, cost: 150',
      breakfast: '-',
      attraction: '-',
      lunch: 'Taco Place, Austin',
      dinner: 'BBQ Barn, Austin',
      accommodation: 'Cozy Loft, Austin',
    },
    {
      days: 2,
      current_city: 'Austin',
      transportation: '-',
      breakfast: 'Bean Cafe, Austin',
      attraction: 'State Capitol, Austin;Zilker Park, Austin;',
      lunch: 'Noodle House, Austin',
      dinner: 'Steak Co, Austin',
      accommodation: 'Cozy Loft, Austin',
    },
    {
      days: 3,
      current_city: 'from Austin to Boston',
      transportation: 'Self-driving, from Austin to Boston, duration: 30 hours 10 mins, distance: 3,010 km, cost: 150',
      breakfast: 'Waffle Spot, Austin',
      attraction: 'Museum of Art, Austin;',
      lunch: 'Pizza Pie, Austin',
      dinner: '-',
      accommodation: '-',
    },
  ];
}

/**
 * Writes a tiny TravelPlanner data directory (the official layout, a handful of rows, one accommodation with an
 * empty house_rules that `dropna()` removes, a duplicate distance pair, an empty and a "day" distance) and returns it.
 */
export function writeTinyTravelData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'memp-tp-'));
  const put = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  put('database/accommodations/clean_accommodations_2022.csv', ACCOMMODATIONS);
  put('database/restaurants/clean_restaurant_2022.csv', RESTAURANTS);
  put('database/attractions/attractions.csv', ATTRACTIONS);
  put('database/googleDistanceMatrix/distance.csv', DISTANCES);
  put('database/background/citySet.txt', `${CITIES.join('\n')}\n`);
  put('database/background/citySet_with_states.txt', CITY_STATES);
  put('database/train_ref_info.jsonl', `${REF_INFO.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const q = tinyQuery();
  const line = {
    org: q.org,
    dest: q.dest,
    days: q.days,
    date: q.date,
    people_number: q.people_number,
    budget: q.budget,
    query: q.query,
    level: q.level,
    local_constraint: q.local_constraint,
    annotated_plan: [{ visiting_city_number: 1 }, [...q.goldPlan, {}, {}]],
    origin_ref_info: [{ Description: 'Attractions in Austin', Content: 'State Capitol' }],
  };
  put('train_data_list.jsonl', `${JSON.stringify(line)}\n`);
  return dir;
}
