import type { Attribution } from '../core/evidence.js';
import type { Memory } from '../core/memory.js';
import { dot } from '../core/vector.js';
import type { ChangeSet, MemoryCreate, MemoryStore, MemoryUpdate } from '../ports/memory-store.js';
import { type ConsolidationRule, procedureLength, sameProcedure } from '../policies/update/consolidation-rule.js';
import type { LearnResult } from './learn-planner.js';
import { procedureContent } from './plan-merge.js';
import { mayRewrite } from './trust-rules.js';

/** One candidate that could absorb a new memory: stored (updated by version) or created earlier in the change. */
interface Candidate {
  memory: Memory;
  score: number;
  create?: MemoryCreate;
}

/**
 * Consolidation on learn: rewrites a planned learning {@link ChangeSet} in place so that every new memory that says
 * what an active memory already says (see {@link ConsolidationRule}) is absorbed instead of created. The absorbing
 * memory — stored, or created earlier in the same change — gains the trajectory in `provenance.from` (its support),
 * and keeps its procedure unless the new one is strictly shorter and of the same kind, in which case the new
 * content (task, keywords, steps, script) and vectors replace it. A stored memory is changed by an update with
 * reason `merge`, guarded by its version, so a concurrent writer makes the whole change fail with `CONFLICT` and
 * the engine re-plans. The matching `results` get `mergedInto` instead of `created`.
 *
 * Trust: the trajectory's evidence moves to the absorbing memory (its support), and a shorter procedure replaces a
 * stored memory only when its writer may rewrite it ({@link mayRewrite}, by `attributions`); otherwise the shorter
 * procedure waits beside the memory as a `candidate` (the result lists the memory in `candidates`).
 */
export async function absorbCreates(options: {
  change: ChangeSet;
  results: LearnResult[];
  store: MemoryStore;
  rule: ConsolidationRule;
  /** Who each trajectory of the change comes from, by trajectory id (default: trusted `local`). */
  attributions?: ReadonlyMap<string, Attribution>;
}): Promise<void> {
  const { change, results, store, rule } = options;
  const creates = change.create ?? [];
  if (creates.length === 0) return;
  const namespace = change.namespace;
  const kept: MemoryCreate[] = [];
  const updates = change.update ?? [];
  change.update = updates;
  for (const create of creates) {
    const hits = await store.search({ namespace, field: 'task', queries: [create.vectors.task], k: rule.candidates });
    const stored = await store.get({ namespace, ids: hits.map((h) => h.id) });
    const byId = new Map(stored.map((m) => [m.id, m]));
    const candidates: Candidate[] = [];
    for (const hit of hits) {
      const memory = byId.get(hit.id);
      if (memory) candidates.push({ memory: planned(memory, updates), score: hit.score });
    }
    for (const earlier of kept)
      candidates.push({
        memory: earlier.memory,
        score: dot(create.vectors.task, earlier.vectors.task),
        create: earlier,
      });
    candidates.sort((a, b) => b.score - a.score || a.memory.id.localeCompare(b.memory.id));
    const target = candidates
      .slice(0, rule.candidates)
      .find(
        (c) =>
          c.memory.status === 'active' &&
          sameProcedure({ a: c.memory, b: create.memory, taskCosine: c.score, rule }) !== undefined,
      );
    if (!target) {
      kept.push(create);
      continue;
    }
    const trajectoryId = create.memory.provenance.from[0] ?? '';
    const attribution = options.attributions?.get(trajectoryId) ?? { source: 'local', trust: 'trusted' };
    moveEvidence(change, create.memory.id, target.memory.id);
    const wouldReplace =
      create.memory.kind === target.memory.kind && procedureLength(create.memory) < procedureLength(target.memory);
    const shorter =
      wouldReplace &&
      (target.create !== undefined ||
        mayRewrite({
          attribution,
          episode: trajectoryId,
          records: [
            ...(await store.evidence({ namespace, memoryIds: [target.memory.id] })),
            ...(change.evidence ?? []).filter((e) => e.memoryId === target.memory.id),
          ],
        }));
    if (wouldReplace && !shorter) {
      (change.evidence ??= []).push({
        id: `ev-${trajectoryId}-${target.memory.id}-candidate`,
        memoryId: target.memory.id,
        kind: 'candidate',
        source: attribution.source,
        trust: attribution.trust,
        episode: trajectoryId,
        proposal: {
          content: procedureContent(create.memory),
          reason: 'merge',
          note: `shorter procedure (${procedureLength(create.memory)} vs ${procedureLength(target.memory)}) of trajectory ${trajectoryId}`,
          baseVersion: target.memory.version,
        },
        at: change.at,
      });
      for (const result of results)
        if (result.created === create.memory.id) result.candidates = [...(result.candidates ?? []), target.memory.id];
    }
    const note =
      `absorbed trajectory ${trajectoryId} (${sameProcedure({ a: target.memory, b: create.memory, taskCosine: target.score, rule })} match, ` +
      `task similarity ${target.score.toFixed(3)})${shorter ? `; its shorter procedure (${procedureLength(create.memory)} vs ${procedureLength(target.memory)}) replaced the old one` : ''}`;
    if (target.create) {
      const from = [...target.memory.provenance.from, trajectoryId];
      target.create.memory = {
        ...target.memory,
        ...(shorter ? procedureContent(create.memory) : {}),
        provenance: { ...target.memory.provenance, from },
      };
      if (shorter) target.create.vectors = create.vectors;
    } else {
      const update: MemoryUpdate = {
        id: target.memory.id,
        expectedVersion: target.memory.version,
        reason: 'merge',
        note,
        addSources: [trajectoryId],
      };
      if (shorter) {
        update.content = procedureContent(create.memory);
        update.vectors = create.vectors;
      }
      updates.push(update);
    }
    for (const result of results) {
      if (result.created === create.memory.id) {
        delete result.created;
        result.mergedInto = target.memory.id;
      }
    }
  }
  change.create = kept;
}

/** Moves the planned evidence of an absorbed new memory to the memory that absorbs it (its support). */
function moveEvidence(change: ChangeSet, from: string, to: string): void {
  for (const record of change.evidence ?? []) {
    if (record.memoryId !== from) continue;
    record.memoryId = to;
    record.id = `${record.id}-merged-into-${to}`;
  }
}

/** A stored memory as it will be once the updates already planned for it apply (content, status, version). */
function planned(memory: Memory, updates: readonly MemoryUpdate[]): Memory {
  let current = memory;
  for (const u of updates) {
    if (u.id !== current.id) continue;
    const patch = Object.fromEntries(Object.entries(u.content ?? {}).filter(([, v]) => v !== undefined));
    const from = [
      ...current.provenance.from,
      ...(u.addSources ?? []).filter((s) => !current.provenance.from.includes(s)),
    ];
    current = {
      ...current,
      ...patch,
      status: u.status ?? current.status,
      version: current.version + 1,
      provenance: { ...current.provenance, from },
    };
  }
  return current;
}
