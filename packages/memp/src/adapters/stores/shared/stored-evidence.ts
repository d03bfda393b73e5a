import {
  type EvidenceRecord,
  EvidenceKindSchema,
  EvidenceRecordSchema,
  TrustLevelSchema,
} from '../../../core/evidence.js';
import { checkStoredJson, parseJsonText } from './stored-json.js';

/**
 * The fields of a stored evidence record, required ones `true`; they mirror `EvidenceRecordSchema` (a test compares
 * them), so a schema change cannot leave {@link isPlainStoredEvidence} behind unnoticed.
 */
export const STORED_EVIDENCE_FIELDS = {
  id: true,
  memoryId: true,
  kind: true,
  source: true,
  trust: true,
  episode: false,
  proposal: false,
  candidate: false,
  at: true,
} as const satisfies Record<string, boolean>;

/** Each field's place in the schema, whose output lists fields in this order. */
const ORDER = new Map(Object.keys(STORED_EVIDENCE_FIELDS).map((key, i) => [key, i]));
const KINDS = new Set<string>(EvidenceKindSchema.options);
const TRUST = new Set<string>(TrustLevelSchema.options);
const isNonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isOptionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/**
 * True when `raw`, the `JSON.parse` of a stored evidence body, certainly satisfies `EvidenceRecordSchema` and equals
 * the schema's output, key order included (as memp writes them): the fast path of reading evidence (a retrieve
 * reads the track record of every tied hit). A record with a `proposal` (a candidate's content) always goes through
 * the schema. Never true for something the schema rejects or would change.
 */
export function isPlainStoredEvidence(raw: unknown): raw is EvidenceRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const v = raw as Record<string, unknown>;
  let last = -1;
  for (const key in v) {
    const at = ORDER.get(key);
    if (at === undefined || at <= last || key === 'proposal') return false;
    last = at;
  }
  return (
    isNonEmptyString(v['id']) &&
    isNonEmptyString(v['memoryId']) &&
    KINDS.has(v['kind'] as string) &&
    isNonEmptyString(v['source']) &&
    TRUST.has(v['trust'] as string) &&
    isOptionalString(v['episode']) &&
    isOptionalString(v['candidate']) &&
    typeof v['at'] === 'string'
  );
}

/** An evidence record read back from a JSON column (`STORAGE_FAILED` when malformed). */
export function evidenceFromRow(body: unknown): EvidenceRecord {
  const raw = parseJsonText(body, 'evidence');
  return isPlainStoredEvidence(raw) ? raw : checkStoredJson(EvidenceRecordSchema, raw, 'evidence');
}
