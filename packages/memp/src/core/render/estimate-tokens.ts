/**
 * A provider-independent token estimate: about four characters per token for English text and code.
 * Used for memory token budgets, where a stable, cheap estimate matters more than exactness.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
