import { checkMemoryContentLimits, checkTextLimit, checkTrajectoryLimits } from '../core/check-input-limits.js';
import type { InputLimits } from '../core/input-limits.js';
import type { ExportLine } from './export-format.js';

/**
 * Holds one parsed line of an export file to `limits`, as `learn` and `edit` hold their input: a memory's id, its
 * content (per field and in total), each revision's content and note, the ids it was built from; a trajectory as
 * `learn` checks one. Over a limit → `PAYLOAD_TOO_LARGE` naming the line (`where`, `details.line`), the field and
 * the limit. A revision is a past version of the memory, so each is checked as a memory; their number is not capped
 * (a memory's history grows with every change; a file's size bounds it, e.g. the server's body limit).
 */
export function checkExportLineLimits(options: {
  line: ExportLine;
  limits: InputLimits;
  where: string;
  lineNumber: number;
}): void {
  const { line, limits, where } = options;
  const context = { where, details: { line: options.lineNumber } };
  if (line.type === 'trajectory') {
    checkTrajectoryLimits({ trajectory: line.trajectory, limits, ...context });
    return;
  }
  const { memory } = line;
  checkTextLimit({ text: memory.id, field: 'id', limit: 'maxIdBytes', limits, ...context });
  memory.provenance.from.forEach((id, i) => {
    checkTextLimit({ text: id, field: `provenance.from.${i}`, limit: 'maxIdBytes', limits, ...context });
  });
  checkMemoryContentLimits({ content: memory, limits, ...context });
  line.revisions.forEach((revision, i) => {
    checkMemoryContentLimits({ content: revision.before, limits, ...context, fieldPrefix: `revisions.${i}.before.` });
    checkTextLimit({ text: revision.note, field: `revisions.${i}.note`, limit: 'maxNoteBytes', limits, ...context });
  });
}
