import { MempError } from '../core/errors.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryVectors } from '../ports/memory-store.js';

/**
 * Embeds the task and keywords of many memories in one embedder call and splits the result back into one
 * {@link MemoryVectors} per memory, in order. An embedder that returns too few vectors → `PROVIDER_OUTPUT_INVALID`.
 */
export async function embedMemoryTexts(
  embedder: Embedder,
  memories: ReadonlyArray<{ task: string; keywords: readonly string[] }>,
): Promise<MemoryVectors[]> {
  const texts = memories.flatMap((m) => [m.task, ...m.keywords]);
  if (texts.length === 0) return [];
  const vectors = await embedder.embed(texts);
  if (vectors.length < texts.length) {
    throw new MempError(
      'PROVIDER_OUTPUT_INVALID',
      `embedder returned ${vectors.length} vectors for ${texts.length} texts`,
    );
  }
  let cursor = 0;
  return memories.map((m) => {
    const task = vectors[cursor] as Float32Array;
    const keywords = vectors.slice(cursor + 1, cursor + 1 + m.keywords.length);
    cursor += 1 + m.keywords.length;
    return { task, keywords };
  });
}
