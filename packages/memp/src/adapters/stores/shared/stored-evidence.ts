import { type EvidenceRecord, EvidenceRecordSchema } from '../../../core/evidence.js';
import { parseJsonColumn } from './stored-json.js';

/** An evidence record read back from a JSON column (`STORAGE_FAILED` when malformed). */
export function evidenceFromRow(body: unknown): EvidenceRecord {
  return parseJsonColumn(EvidenceRecordSchema, body, 'evidence');
}
