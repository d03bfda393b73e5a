import type { Attribution, EvidenceRecord } from '../core/evidence.js';
import type { EpisodePlan } from './plan-episode.js';

/** Appends one evidence record to a plan: to the change, and to the working evidence of its memory. */
export function addEvidence(
  plan: Pick<EpisodePlan, 'at' | 'evidence' | 'newEvidence'>,
  options: Omit<EvidenceRecord, 'source' | 'trust' | 'at'> & { attribution: Attribution },
): EvidenceRecord {
  const { attribution, ...rest } = options;
  const record: EvidenceRecord = { ...rest, source: attribution.source, trust: attribution.trust, at: plan.at };
  plan.newEvidence.push(record);
  plan.evidence.set(record.memoryId, [...(plan.evidence.get(record.memoryId) ?? []), record]);
  return record;
}
