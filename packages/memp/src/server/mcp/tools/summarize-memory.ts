import type { Memory } from '../../../core/memory.js';
import { memoryResourceUri } from '../resources/memory-resource-uri.js';

/** A memory as the MCP tools list it: identity, status and usage, plus its resource URI (not its script). */
export function summarizeMemory(m: Memory) {
  return {
    id: m.id,
    task: m.task,
    kind: m.kind,
    status: m.status,
    version: m.version,
    stats: m.stats,
    uri: memoryResourceUri(m.namespace, m.id),
  };
}
