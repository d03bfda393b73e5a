import { createHybridRetrievePolicy, createMemp } from 'memp';
import type { Memory, RetrievePolicy, RetrievePolicyName } from 'memp';
import { createSqliteMemoryStore } from 'memp/sqlite';
import { defaultAlfworldBenchDeps } from './alfworld-bench-deps.js';
import { loadGames } from './build-run-memory.js';

/**
 * A memory's procedure with instance numbers removed: its actions (else its script) with digits dropped. Two memories
 * with the same one carry the same procedure. Deliberately not the rule `hybrid`'s duplicate collapse uses (term
 * overlap), so the measure does not grade the collapse by its own definition.
 */
export function procedureFingerprint(memory: Memory): string {
  const actions = memory.steps?.map((s) => s.action) ?? [memory.script ?? ''];
  return actions.map((a) => a.replace(/\d+/g, '').replace(/\s+/g, ' ').trim()).join('|');
}

/** Share of near-duplicates in the top k, per policy. */
export interface DuplicateShare {
  policy: string;
  /** Results at rank ≥ 2 counted. */
  results: number;
  /** Of those, the share whose procedure equals a higher-ranked result's. */
  duplicateShare: number;
}

/**
 * On the task sentences of `split`, the share of top-k results (k = 3) that carry the same procedure
 * ({@link procedureFingerprint}) as a higher-ranked result, for Key=Query and `hybrid` without and with duplicate
 * collapse, against the memory in the SQLite file `memoryDb` (e.g. an online run's `memory.db`), read only.
 */
export async function measureDuplicateShare(options: {
  memoryDb: string;
  data?: string;
  split?: string;
  k?: number;
}): Promise<DuplicateShare[]> {
  const k = options.k ?? 3;
  const tasks = loadGames(options.data, options.split ?? 'valid_seen', defaultAlfworldBenchDeps).games.map(
    (g) => g.task,
  );
  const memp = createMemp({ store: createSqliteMemoryStore({ path: options.memoryDb }) });
  const named = (name: string, policy: RetrievePolicy): RetrievePolicy => ({ name, retrieve: policy.retrieve });
  const policies: Array<RetrievePolicyName | RetrievePolicy> = [
    'query',
    named('hybrid (diversity none)', createHybridRetrievePolicy({ diversity: 'none' })),
    named('hybrid (diversity collapse)', createHybridRetrievePolicy({ diversity: 'collapse' })),
  ];
  try {
    const out: DuplicateShare[] = [];
    for (const policy of policies) {
      let results = 0;
      let duplicates = 0;
      for (const task of tasks) {
        const hits = await memp.retrieve({ task, k, policy });
        const seen = new Set<string>();
        hits.forEach((h, i) => {
          const print = procedureFingerprint(h.memory);
          if (i > 0) {
            results += 1;
            if (seen.has(print)) duplicates += 1;
          }
          seen.add(print);
        });
      }
      out.push({
        policy: typeof policy === 'string' ? policy : policy.name,
        results,
        duplicateShare: duplicates / Math.max(1, results),
      });
    }
    return out;
  } finally {
    await memp.close();
  }
}
