import type { Cell } from '../database/data-table.js';

/**
 * The planner's estimate of what a plan costs, from the prices the reference information prints: a flight's price
 * per person; a car (self-driving, up to 5 people) or a taxi (up to 4) per vehicle; a meal's average cost per
 * person; a night's price per room, a room holding `maximum occupancy` people. Attractions are free.
 */
export function itemCost(options: {
  kind: 'flight' | 'drive' | 'taxi' | 'meal' | 'night';
  price: number;
  people: number;
  row?: Record<string, Cell>;
}): number {
  const { kind, price, people } = options;
  switch (kind) {
    case 'flight':
    case 'meal':
      return price * people;
    case 'drive':
      return price * Math.ceil(people / 5);
    case 'taxi':
      return price * Math.ceil(people / 4);
    case 'night': {
      const occupancy = Number(options.row?.['maximum occupancy'] ?? 1) || 1;
      return price * Math.ceil(people / occupancy);
    }
  }
}
