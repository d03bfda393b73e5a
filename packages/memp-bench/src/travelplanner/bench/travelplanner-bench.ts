/**
 * `npm run bench:travelplanner`: how long loading the TravelPlanner database and evaluating the 45 train gold plans
 * take (ms; median of several runs after a warm-up), plus a pass over the tools. Data: `$MEMP_TRAVELPLANNER_DATA`,
 * else `../shared/data/travelplanner`.
 */
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { evaluateSubmission } from '../evaluation/evaluate-submission.js';
import { createToolSession } from '../tools/tool-session.js';
import { goldSubmission } from './gold-submission.js';

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time<T>(work: () => T): [T, number] {
  const t = performance.now();
  const value = work();
  return [value, performance.now() - t];
}

const dir = resolveTravelplannerData();
const [db, firstLoad] = time(() => loadTravelDatabase({ dir }));
const loads = [firstLoad];
for (let i = 0; i < 4; i++) loads.push(time(() => loadTravelDatabase({ dir }))[1]);
const [queries, queryMs] = time(() => loadTravelQueries({ dir }));
const plans = goldSubmission(queries).map((l, i) => ({ line: i + 1, idx: l.idx, plan: l.plan }));
const evals: number[] = [];
let final = 0;
for (let i = 0; i < 7; i++) {
  const [r, ms] = time(() => evaluateSubmission({ db, queries, plans }));
  evals.push(ms);
  final = r.scores.finalPassRate;
}
const actions = queries.flatMap((q) => [
  `FlightSearch[${q.org}, ${q.dest}, ${q.date[0]}]`,
  `RestaurantSearch[${q.dest}]`,
  `AccommodationSearch[${q.dest}]`,
  `AttractionSearch[${q.dest}]`,
  `GoogleDistanceMatrix[${q.org}, ${q.dest}, self-driving]`,
]);
const [, toolMs] = time(() => {
  const session = createToolSession({ db });
  let s = session;
  actions.forEach((a, i) => {
    if (i % 25 === 0) s = createToolSession({ db });
    s.act(a);
  });
});

console.log(`TravelPlanner data: ${dir}`);
console.log(
  `database load: first ${firstLoad.toFixed(1)} ms, median ${median(loads).toFixed(1)} ms over ${loads.length} loads ` +
    `(${db.accommodations.rows.length} accommodations after dropna of ${db.accommodations.rowsInFile}, ${db.restaurants.rows.length} restaurants, ` +
    `${db.attractions.rows.length} attractions, ${db.flights.rows.length} flights)`,
);
console.log(`queries load: ${queryMs.toFixed(1)} ms (${queries.length} queries)`);
console.log(
  `evaluate ${plans.length} gold plans: first ${(evals[0] as number).toFixed(1)} ms, median ${median(evals).toFixed(1)} ms over ${evals.length} runs (final pass rate ${(final * 100).toFixed(1)}%)`,
);
console.log(
  `tools: ${actions.length} tool calls in ${toolMs.toFixed(1)} ms (${(toolMs / actions.length).toFixed(2)} ms each)`,
);
