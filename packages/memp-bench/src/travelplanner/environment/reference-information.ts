import type { ReferenceEntry } from '../database/travel-query.js';

/** Renders a query's reference information as the sole-planning setting gives it: each entry's description, then its content. */
export function renderReferenceInformation(entries: readonly ReferenceEntry[]): string {
  return entries.map((e) => `${e.description}:\n${e.content}`).join('\n\n');
}
