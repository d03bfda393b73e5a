import { performance } from 'node:perf_hooks';
import type { TrajectoryInput } from '../core/trajectory.js';

/** A response as the load reads it. */
export interface PostAnswer {
  status: number;
  text: string;
}

/** Posts a JSON body to a path under the bench namespace of the server. */
export type NamespacePost = (path: string, body: unknown) => Promise<PostAnswer>;

/** What a load run measured: latencies of successful calls, errors by label, and what the after-run check needs. */
export interface ServerLoadResult {
  /** Milliseconds of each successful call, per operation. */
  latencies: Record<'retrieve' | 'learn', number[]>;
  /** Failed calls by `<op> <status> <code>` (or `<op> NETWORK <error name>`: connection refused, reset, closed…). */
  errors: Map<string, number>;
  /** The first response body (or network error) of each error label. */
  samples: Map<string, string>;
  /** Every acknowledged learn: the stored trajectory and the memory it created, if any. */
  acknowledged: Array<{ trajectoryId: string; created?: string }>;
  /** Hits reported through `used` in acknowledged learns. */
  usedHits: number;
  /** Responses with a 5xx status. */
  fiveHundreds: number;
  /** Wall time of the run in seconds. */
  seconds: number;
}

/** The state the concurrent clients share. */
interface LoadState extends ServerLoadResult {
  tasks: readonly string[];
  fresh: readonly TrajectoryInput[];
  next: number;
  /** Memory ids recently retrieved, for learns to report as used (up to 64 slots). */
  recent: string[];
  end: number;
  random: () => number;
}

/**
 * Runs `clients` concurrent clients for `durationMs`, each on its own connection (`connect` is called once per
 * client: one keep-alive socket each, as wrk or autocannon keep them), each looping: a learn of a fresh trajectory (20%, reporting a
 * recently retrieved memory as used half of the time) or a retrieve of a seeded task (80%, k = 3). The clients share
 * one seeded pseudo-random sequence.
 */
export async function runServerLoad(options: {
  connect: () => NamespacePost;
  tasks: readonly string[];
  fresh: readonly TrajectoryInput[];
  clients: number;
  durationMs: number;
}): Promise<ServerLoadResult> {
  let rng = 12345;
  const state: LoadState = {
    latencies: { retrieve: [], learn: [] },
    errors: new Map(),
    samples: new Map(),
    acknowledged: [],
    usedHits: 0,
    fiveHundreds: 0,
    seconds: 0,
    tasks: options.tasks,
    fresh: options.fresh,
    next: 0,
    recent: [],
    end: performance.now() + options.durationMs,
    random: () => (rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff,
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, () => client(state, options.connect())));
  const { latencies, errors, samples, acknowledged, usedHits, fiveHundreds } = state;
  return {
    latencies,
    errors,
    samples,
    acknowledged,
    usedHits,
    fiveHundreds,
    seconds: (performance.now() - started) / 1000,
  };
}

/** One client: calls until the run's end, recording each call's latency or error. */
async function client(state: LoadState, post: NamespacePost): Promise<void> {
  while (performance.now() < state.end) {
    const learn = state.random() < 0.2;
    const start = performance.now();
    let answer: PostAnswer;
    try {
      answer = learn ? await learnOnce(state, post) : await retrieveOnce(state, post);
    } catch (error) {
      const label = `${learn ? 'learn' : 'retrieve'} NETWORK ${error instanceof Error ? error.name : 'unknown'}`;
      state.errors.set(label, (state.errors.get(label) ?? 0) + 1);
      if (!state.samples.has(label))
        state.samples.set(label, String(error instanceof Error ? (error.cause ?? error.message) : error));
      continue;
    }
    const ms = performance.now() - start;
    if (answer.status === 200) state.latencies[learn ? 'learn' : 'retrieve'].push(ms);
    else recordError(state, learn ? 'learn' : 'retrieve', answer);
  }
}

/** Learns the next fresh trajectory, sometimes reporting a recently retrieved memory as used. */
async function learnOnce(state: LoadState, post: NamespacePost): Promise<PostAnswer> {
  const trajectory = state.fresh[state.next++ % state.fresh.length];
  const known = state.recent.filter((id) => typeof id === 'string');
  const used =
    known.length > 0 && state.random() < 0.5 ? [known[Math.floor(state.random() * known.length)] as string] : [];
  const { status, text } = await post('/learn', { trajectory: { ...trajectory, outcome: { success: true } }, used });
  if (status === 200) {
    const body = JSON.parse(text) as { trajectoryId: string; created?: string };
    state.acknowledged.push(body);
    state.usedHits += used.length;
  }
  return { status, text };
}

/** Retrieves for a random seeded task; the top memory goes into a random slot of `recent`. */
async function retrieveOnce(state: LoadState, post: NamespacePost): Promise<PostAnswer> {
  const { status, text } = await post('/retrieve', {
    task: state.tasks[Math.floor(state.random() * state.tasks.length)],
    k: 3,
  });
  if (status === 200) {
    const ids = (JSON.parse(text) as { results: Array<{ memory: { id: string } }> }).results.map((r) => r.memory.id);
    if (ids[0]) state.recent[Math.floor(state.random() * 64)] = ids[0];
  }
  return { status, text };
}

/** Counts a failed call under `<op> <status> <code>` (the error body's code when there is one). */
function recordError(state: LoadState, op: 'learn' | 'retrieve', answer: PostAnswer): void {
  const { status, text } = answer;
  if (status >= 500) state.fiveHundreds += 1;
  let code = `HTTP_${status}`;
  try {
    code = (JSON.parse(text) as { error: { code: string } }).error.code;
  } catch {
    // not an error body
  }
  const label = `${op} ${status} ${code}`;
  state.errors.set(label, (state.errors.get(label) ?? 0) + 1);
  if (!state.samples.has(label)) state.samples.set(label, text.slice(0, 300));
}
