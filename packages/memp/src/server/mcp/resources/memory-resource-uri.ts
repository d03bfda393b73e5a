/** The URI of a memory as an MCP resource. */
export function memoryResourceUri(namespace: string, id: string): string {
  return `memp://${namespace}/memories/${encodeURIComponent(id)}`;
}
