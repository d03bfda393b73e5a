import type { CostModel } from './build-plan.js';

/**
 * The learning planner's own cost count, an assumption stated in the README (not learned, not the evaluator's):
 * every listed price — a flight's Price, a drive's or taxi's cost, a meal's Average Cost, a night's price — is
 * counted once per traveller. It over-counts shared cars and rooms, so a plan it finds within budget is within
 * budget under any counting that shares them.
 */
export const perPersonCost: CostModel = ({ price, people }) => price * people;
