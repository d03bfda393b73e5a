import type { TravelDatabase } from '../database/travel-database.js';
import { pythonListRepr } from './python-repr.js';
import { createTravelTools } from './travel-tools.js';

/** The official invalid-action answer (two spaces included). */
export const INVALID_ACTION_ANSWER =
  'Invalid Action. Valid Actions are  FlightSearch[Departure City, Destination City, Date] / ' +
  'AccommodationSearch[City] /  RestaurantSearch[City] / NotebookWrite[Short Description] / AttractionSearch[City] / ' +
  'CitySearch[State] / GoogleDistanceMatrix[Origin, Destination, Mode] and Planner[Query].';
/** The answer to an empty action. */
export const NULL_ACTION_ANSWER =
  'No feedback from the environment due to the null action. Please make sure your action does not start with [Thought, Action, Observation].';

/** The official agent's limits: 30 steps, 3 retries of one tool, the same action 3 times in a row. */
export const TOOL_LIMITS = { maxSteps: 30, maxRetries: 3, sameActionLimit: 3 } as const;

/** What one action did: the observation, or why the episode stops. */
export type ToolStepResult =
  | { kind: 'observation'; observation: string }
  | { kind: 'planner'; query: string; notebook: NotebookEntry[] }
  | { kind: 'stopped'; reason: string };

/** One `NotebookWrite`: its description and the search result it recorded. */
export interface NotebookEntry {
  description: string;
  content: string;
}

/** The official tool names → the retry-record key the agent checks before running them (`accommodation` is not a key). */
const ACTION_MAPPING: Record<string, string> = {
  FlightSearch: 'flights',
  AttractionSearch: 'attractions',
  GoogleDistanceMatrix: 'googleDistanceMatrix',
  AccommodationSearch: 'accommodation',
  RestaurantSearch: 'restaurants',
  Planner: 'planner',
  NotebookWrite: 'notebook',
  CitySearch: 'cities',
};
const RECORD_KEYS = [
  'notebook',
  'flights',
  'attractions',
  'accommodations',
  'restaurants',
  'googleDistanceMatrix',
  'planner',
  'cities',
  'invalidAction',
];

/**
 * The official two-stage agent loop's tool side, rule for rule: actions `Name[args]` (args split on `, `), city and
 * date validation with the official answers, a notebook of the last search results, the retry bookkeeping (a tool
 * failing more than 3 times in a row stops the episode; `AccommodationSearch` failures are counted under a key the
 * check never reads, as in the official code, so only invalid actions stop it), the same action 3 times in a row
 * stops, and more than 30 steps stops. `Planner[query]` ends the tool phase.
 */
export function createToolSession(options: { db: TravelDatabase }) {
  const tools = createTravelTools(options);
  const cities = options.db.cities;
  const retry: Record<string, number> = Object.fromEntries(RECORD_KEYS.map((k) => [k, 0]));
  const lastActions: string[] = [];
  const notebook: NotebookEntry[] = [];
  let current: string | undefined;
  let step = 1;
  const resetRecord = () => {
    for (const k of RECORD_KEYS) retry[k] = 0;
  };
  const badCity = (city: string) => `${city} is not valid city in ${pythonListRepr(cities)}.`;
  const isCity = (city: string) => cities.includes(city);

  function act(rawAction: string): ToolStepResult {
    if (step > TOOL_LIMITS.maxSteps) return { kind: 'stopped', reason: `more than ${TOOL_LIMITS.maxSteps} steps` };
    const action = rawAction.trim().replace(/\n/g, '');
    if (lastActions.length > 0 && lastActions[lastActions.length - 1] !== action) lastActions.length = 0;
    lastActions.push(action);
    if (lastActions.length === TOOL_LIMITS.sameActionLimit)
      return { kind: 'stopped', reason: 'same action 3 times repeated' };
    step += 1;
    if (action === '') return { kind: 'observation', observation: NULL_ACTION_ANSWER };
    const m = /^(\w+)\[([^\n]+)\]$/u.exec(action);
    const type = m?.[1];
    const arg = m?.[2] ?? '';
    if (type !== 'Planner') {
      const pending =
        type !== undefined && ACTION_MAPPING[type] !== undefined ? (ACTION_MAPPING[type] as string) : 'invalidAction';
      const key = pending in retry ? pending : 'invalidAction';
      if ((retry[key] as number) + 1 > TOOL_LIMITS.maxRetries)
        return { kind: 'stopped', reason: `${key} early stop due to ${TOOL_LIMITS.maxRetries} max retries` };
    }
    const failed = (key: string, observation: string): ToolStepResult => {
      retry[key] = (retry[key] ?? 0) + 1;
      return { kind: 'observation', observation };
    };
    const succeeded = (observation: string, data?: string): ToolStepResult => {
      if (data !== undefined) current = data;
      resetRecord();
      return { kind: 'observation', observation };
    };
    const args = arg.split(', ');
    switch (type) {
      case 'FlightSearch': {
        if (args.length < 3) return failed('flights', 'Illegal Flight Search. Please try again.');
        const [o = '', d = '', date = ''] = args;
        if (!/^\d{4}-\d{2}-\d{2}\n?$/u.test(date))
          return failed('flights', `'${date}' is not in the format YYYY-MM-DD`);
        if (!isCity(o)) return failed('flights', badCity(o));
        if (!isCity(d)) return failed('flights', badCity(d));
        const answer = tools.flightSearch(o, d, date);
        return succeeded(answer.text, answer.data);
      }
      case 'AttractionSearch':
      case 'AccommodationSearch':
      case 'RestaurantSearch': {
        const key =
          type === 'AttractionSearch'
            ? 'attractions'
            : type === 'AccommodationSearch'
              ? 'accommodations'
              : 'restaurants';
        if (!isCity(arg)) return failed(key, badCity(arg));
        const answer =
          type === 'AttractionSearch'
            ? tools.attractionSearch(arg)
            : type === 'AccommodationSearch'
              ? tools.accommodationSearch(arg)
              : tools.restaurantSearch(arg);
        return succeeded(answer.text, answer.data);
      }
      case 'CitySearch':
        return succeeded(tools.citySearch(arg).text);
      case 'GoogleDistanceMatrix': {
        if (args.length < 3) return failed('googleDistanceMatrix', 'Illegal GoogleDistanceMatrix. Please try again.');
        const answer = tools.distanceMatrix(args[0] as string, args[1] as string, args[2] as string);
        return succeeded(answer.text, answer.data);
      }
      case 'NotebookWrite':
        notebook.push({ description: arg, content: current ?? 'None' });
        resetRecord();
        return {
          kind: 'observation',
          observation: `The information has been recorded in Notebook, and its index is ${notebook.length - 1}.`,
        };
      case 'Planner':
        resetRecord();
        return { kind: 'planner', query: arg, notebook: notebook.slice() };
      default:
        return failed('invalidAction', INVALID_ACTION_ANSWER);
    }
  }

  return {
    act,
    /** Steps taken so far. */
    get steps() {
      return step - 1;
    },
    /** The notebook's entries so far. */
    get notebook(): readonly NotebookEntry[] {
      return notebook;
    },
  };
}

/** A tool session: see {@link createToolSession}. */
export type ToolSession = ReturnType<typeof createToolSession>;
