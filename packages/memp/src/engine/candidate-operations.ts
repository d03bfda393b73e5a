import { type EvidenceRecord, witnessOf } from '../core/evidence.js';
import { MempError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { RevisionReason } from '../core/revision.js';
import type { MemoryUpdate } from '../ports/memory-store.js';
import { checkRequest } from './check-request.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import type { MemoryOperationDeps } from './memory-operation-deps.js';
import { type AttributionOption, resolveAttribution } from './resolve-attribution.js';
import { pendingCandidates } from './trust-rules.js';

/** A pending candidate: a change of a memory's served content waiting for confirmation (see docs/trust.md). */
export interface PendingCandidate {
  /** The candidate's evidence record (its `proposal` is the change). */
  record: EvidenceRecord;
  /** True when the memory changed since the proposal was made (promoting it still applies it over the current). */
  stale: boolean;
  /** Distinct witnesses that proposed the same change so far (the proposer included). */
  witnesses: number;
}

/** What a memory's evidence says, in counts (what `show`, the API, MCP and the console display). */
export interface EvidenceSummary {
  /** Evidence records per kind. */
  counts: Record<EvidenceRecord['kind'], number>;
  /** The distinct sources that recorded anything, sorted. */
  sources: string[];
  /** Distinct witnesses of successes and of failures (a trusted source's episodes count one each). */
  witnesses: { success: number; failure: number };
  /** Candidates not yet promoted or rejected. */
  pending: number;
}

/** The operations on candidates and evidence: read them, promote or reject a candidate (admin operations). */
export interface CandidateOperations {
  /** A memory's evidence records, oldest first, and their summary. `NOT_FOUND` when the memory is absent. */
  evidence(options: {
    id: string;
    namespace?: string;
  }): Promise<{ records: EvidenceRecord[]; summary: EvidenceSummary }>;
  /** Pending candidates of a namespace (or of one memory), oldest first. */
  candidates(options?: { namespace?: string; memoryId?: string }): Promise<PendingCandidate[]>;
  /** Applies a pending candidate to its memory (a revision with the candidate's reason) and records who did. */
  promote(options: CandidateTarget): Promise<Memory>;
  /** Drops a pending candidate (recorded; the memory is unchanged). */
  reject(options: CandidateTarget): Promise<{ candidate: string; memoryId: string }>;
}

/** Which candidate an admin operation targets. */
export interface CandidateTarget {
  /** The candidate record's id (from `candidates()`). */
  candidate: string;
  namespace?: string;
  /** Who decides (default `local`, trusted); kept on the `promoted`/`rejected` record. */
  attribution?: AttributionOption;
  /** Why, kept on the revision. */
  note?: string;
}

/** Counts and sources of a memory's evidence. */
export function summarizeEvidence(records: readonly EvidenceRecord[]): EvidenceSummary {
  const counts = { success: 0, failure: 0, support: 0, candidate: 0, promoted: 0, rejected: 0, restored: 0 };
  for (const r of records) counts[r.kind] += 1;
  const witnesses = (kind: EvidenceRecord['kind']) =>
    new Set(records.filter((r) => r.kind === kind).map(witnessOf)).size;
  return {
    counts,
    sources: [...new Set(records.map((r) => r.source))].sort(),
    witnesses: { success: witnesses('success'), failure: witnesses('failure') },
    pending: pendingCandidates(records).length,
  };
}

/** Builds the {@link CandidateOperations} of an engine. */
export function createCandidateOperations(deps: MemoryOperationDeps): CandidateOperations {
  const { store, clock } = deps;

  async function findPending(target: CandidateTarget, method: string) {
    checkRequest(target, method);
    if (typeof target.candidate !== 'string' || target.candidate.length === 0) {
      throw new MempError('INVALID_ARGUMENT', 'candidate must be a candidate id', { details: { field: 'candidate' } });
    }
    const namespace = deps.namespace(target.namespace);
    const [record] = (await store.evidence({ namespace, kinds: ['candidate'] })).filter(
      (r) => r.id === target.candidate,
    );
    const all = record ? await store.evidence({ namespace, memoryIds: [record.memoryId] }) : [];
    if (!record || !pendingCandidates(all).some((c) => c.id === record.id)) {
      throw new MempError('NOT_FOUND', `no pending candidate "${target.candidate}" in "${namespace}"`, {
        details: { candidate: target.candidate },
      });
    }
    const [memory] = await store.get({ namespace, ids: [record.memoryId] });
    return { namespace, record, memory: memory as Memory, attribution: resolveAttribution(target.attribution) };
  }

  function resolution(kind: 'promoted' | 'rejected', found: Awaited<ReturnType<typeof findPending>>): EvidenceRecord {
    return {
      id: deps.ids.next('ev'),
      memoryId: found.record.memoryId,
      kind,
      candidate: found.record.id,
      source: found.attribution.source,
      trust: found.attribution.trust,
      at: clock.now(),
    };
  }

  return {
    async evidence(request) {
      checkRequest(request, 'evidence');
      const namespace = deps.namespace(request.namespace);
      const [memory] = await store.get({ namespace, ids: [request.id] });
      if (!memory) {
        throw new MempError('NOT_FOUND', `memory "${request.id}" not found in "${namespace}"`, {
          details: { id: request.id },
        });
      }
      const records = await store.evidence({ namespace, memoryIds: [memory.id] });
      return { records, summary: summarizeEvidence(records) };
    },
    async candidates(request = {}) {
      checkRequest(request, 'candidates');
      const namespace = deps.namespace(request.namespace);
      const records = await store.evidence({
        namespace,
        ...(request.memoryId === undefined ? {} : { memoryIds: [request.memoryId] }),
      });
      const pending = pendingCandidates(records);
      const memories = await store.get({ namespace, ids: [...new Set(pending.map((c) => c.memoryId))] });
      const version = new Map(memories.map((m) => [m.id, m.version]));
      return pending.map((record) => {
        const witnesses = new Set([witnessOf(record)]);
        for (const r of records) if (r.kind === 'support' && r.candidate === record.id) witnesses.add(witnessOf(r));
        return {
          record,
          stale: version.get(record.memoryId) !== record.proposal?.baseVersion,
          witnesses: witnesses.size,
        };
      });
    },
    async promote(request) {
      const found = await findPending(request, 'promote');
      const { namespace, record, memory } = found;
      const content = record.proposal?.content ?? {};
      const reason: RevisionReason =
        record.proposal?.reason === 'import' ? 'edit' : (record.proposal?.reason ?? 'edit');
      const update: MemoryUpdate = {
        id: memory.id,
        expectedVersion: memory.version,
        content,
        reason,
        note: request.note ?? `promoted candidate ${record.id} (${record.proposal?.note ?? 'no note'})`,
      };
      const after = { task: content.task ?? memory.task, keywords: content.keywords ?? memory.keywords };
      const reembed = after.task !== memory.task || after.keywords.join('\u0000') !== memory.keywords.join('\u0000');
      if (reembed) update.vectors = (await embedMemoryTexts(deps.embedder, [after]))[0];
      const { updated } = await store.apply({
        namespace,
        at: clock.now(),
        ...(reembed ? { space: { embedder: deps.embedder.id, dimension: deps.embedder.dimension } } : {}),
        update: [update],
        evidence: [resolution('promoted', found)],
      });
      return updated[0] as Memory;
    },
    async reject(request) {
      const found = await findPending(request, 'reject');
      await store.apply({ namespace: found.namespace, at: clock.now(), evidence: [resolution('rejected', found)] });
      return { candidate: found.record.id, memoryId: found.record.memoryId };
    },
  };
}
