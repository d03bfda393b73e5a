/** The 8 commonsense constraints: official key → the paper's name. */
export const COMMONSENSE_CONSTRAINTS = {
  is_valid_information_in_current_city: 'Within Current City',
  is_valid_information_in_sandbox: 'Within Sandbox',
  is_reasonalbe_visiting_city: 'Reasonable City Route',
  is_valid_restaurants: 'Diverse Restaurants',
  is_valid_transportation: 'Non-conf. Transportation',
  is_valid_attractions: 'Diverse Attractions',
  is_valid_accommodation: 'Minimum Nights Stay',
  is_not_absent: 'Complete Information',
} as const;

/** The 5 hard constraints: official key → the paper's name. */
export const HARD_CONSTRAINTS = {
  valid_cost: 'Budget',
  valid_room_rule: 'Room Rule',
  valid_cuisine: 'Cuisine',
  valid_room_type: 'Room Type',
  valid_transportation: 'Transportation',
} as const;

/** An official commonsense key (the official spelling, typo included). */
export type CommonsenseKey = keyof typeof COMMONSENSE_CONSTRAINTS;
/** An official hard key. */
export type HardKey = keyof typeof HARD_CONSTRAINTS;

/**
 * One constraint's verdict on one plan: `pass` true/false, or null when the constraint does not apply (hard
 * constraints the query does not ask for). `message` says why it failed; `crash` is set when the official evaluator
 * would have raised here (the verdict is then false).
 */
export interface ConstraintVerdict {
  pass: boolean | null;
  message?: string;
  crash?: string;
}
