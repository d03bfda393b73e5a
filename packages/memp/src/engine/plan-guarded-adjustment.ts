import { type EvidenceRecord, type Proposal, witnessOf } from '../core/evidence.js';
import type { Memory, MemoryContent } from '../core/memory.js';
import type { LearnItem, LearnPlannerDeps } from './learn-planner.js';
import type { EpisodePlan } from './plan-episode.js';
import { addEvidence } from './plan-evidence-records.js';
import { isCautionOnly, mayRewrite, pendingCandidates, sameProposal } from './trust-rules.js';

/** What became of an Adjustment: applied in place, kept as a candidate, or nothing to adjust. */
export type GuardedAdjustment = 'applied' | 'candidate' | 'none';

/**
 * Asks the adjuster to correct memory `id` after the item's episode, and plans the correction under the trust rules:
 * - applied in place when the writer may rewrite the memory ({@link mayRewrite}: trusted, and no other witness
 *   recorded a success with it), or when a trusted writer only adds a failure note ({@link isCautionOnly});
 * - otherwise stored beside the memory as a `candidate` evidence record (never served), which the same proposal from
 *   other witnesses confirms: once `deps.confirmations` distinct witnesses proposed it, it is applied.
 */
export async function planGuardedAdjustment(options: {
  plan: EpisodePlan;
  id: string;
  item: LearnItem;
  deps: LearnPlannerDeps;
}): Promise<GuardedAdjustment> {
  const { plan, id, item, deps } = options;
  const { trajectory, attribution } = item;
  const current = plan.working.get(id) as Memory;
  const adjustment = await deps.adjuster.adjust({ memory: current, trajectory });
  if (!adjustment) return 'none';
  const records = plan.evidence.get(id) ?? [];
  const trustedNote = attribution.trust === 'trusted' && isCautionOnly(current, adjustment.content);
  if (trustedNote || mayRewrite({ attribution, episode: trajectory.id, records })) {
    applyContent(plan, current, adjustment.content, adjustment.note);
    return 'applied';
  }
  const proposal: Proposal = {
    content: adjustment.content,
    reason: 'adjustment',
    note: adjustment.note,
    baseVersion: current.version,
  };
  const pending = pendingCandidates(records).filter((c) => c.proposal && sameProposal(c.proposal, proposal));
  const record = addEvidence(plan, {
    id: `ev-${trajectory.id}-${id}-candidate`,
    memoryId: id,
    kind: 'candidate',
    attribution,
    episode: trajectory.id,
    proposal,
  });
  for (const earlier of pending) {
    addEvidence(plan, {
      id: `ev-${trajectory.id}-${earlier.id}-confirms`,
      memoryId: id,
      kind: 'support',
      candidate: earlier.id,
      attribution,
      episode: trajectory.id,
    });
    if (confirmingWitnesses(plan.evidence.get(id) ?? [], earlier) < deps.confirmations) continue;
    applyContent(plan, current, proposal.content, `candidate ${earlier.id} confirmed: ${proposal.note ?? ''}`);
    for (const resolved of [earlier, record]) {
      addEvidence(plan, {
        id: `ev-${trajectory.id}-${resolved.id}-promoted`,
        memoryId: id,
        kind: 'promoted',
        candidate: resolved.id,
        attribution,
        episode: trajectory.id,
      });
    }
    return 'applied';
  }
  return 'candidate';
}

/** The distinct witnesses of a candidate: its proposer and every record that supports it. */
export function confirmingWitnesses(records: readonly EvidenceRecord[], candidate: EvidenceRecord): number {
  const witnesses = new Set([witnessOf(candidate)]);
  for (const r of records) if (r.kind === 'support' && r.candidate === candidate.id) witnesses.add(witnessOf(r));
  return witnesses.size;
}

function applyContent(plan: EpisodePlan, current: Memory, content: Partial<MemoryContent>, note: string): void {
  plan.updates.push({ id: current.id, expectedVersion: current.version, content, reason: 'adjustment', note });
  plan.working.set(current.id, { ...current, ...content, version: current.version + 1, updatedAt: plan.at });
}
