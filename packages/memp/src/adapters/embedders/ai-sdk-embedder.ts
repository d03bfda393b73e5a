import { APICallError, JSONParseError, RetryError, TypeValidationError, embedMany } from 'ai';
import type { EmbeddingModel } from 'ai';
import { MempError } from '../../core/errors.js';
import { normalizeInPlace } from '../../core/vector.js';
import type { Embedder } from '../../ports/embedder.js';

/** Default number of texts sent per `embedMany` call by {@link createAiSdkEmbedder}. */
export const AI_SDK_EMBEDDER_DEFAULT_BATCH_SIZE = 100;

/** Text embedded once by {@link createAiSdkEmbedder} to learn the dimension when it is not given. */
const PROBE_TEXT = 'memp embedding dimension probe';

/** Options for {@link createAiSdkEmbedder}. */
export interface AiSdkEmbedderOptions {
  /** An AI SDK embedding model, e.g. `createOpenAI(...).embeddingModel('text-embedding-3-small')`. */
  model: EmbeddingModel;
  /**
   * Identifier of the embedding space, e.g. `openai:text-embedding-3-small` (include anything that
   * changes the vectors, such as a requested dimension). Stores refuse to mix two ids in a namespace.
   */
  id: string;
  /**
   * Expected vector length. When omitted, the factory embeds one probe text to learn it (one
   * provider call). Every vector returned later must have exactly this length.
   */
  dimension?: number;
  /** Texts per `embedMany` call; batches run one after another. Positive integer, default 100. */
  batchSize?: number;
  /** Retries per provider call, passed to `embedMany` (AI SDK default 2). Non-negative integer. */
  maxRetries?: number;
}

function requireInteger(value: number | undefined, field: string, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be an integer ≥ ${min}`, {
      details: { field, value },
    });
  }
}

/** True when the provider answered, but with a body that is not valid JSON of the expected shape. */
function isMalformedOutput(error: unknown): boolean {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (JSONParseError.isInstance(last) || TypeValidationError.isInstance(last)) return true;
  return (
    APICallError.isInstance(last) &&
    (JSONParseError.isInstance(last.cause) || TypeValidationError.isInstance(last.cause))
  );
}

/** Wraps an error thrown by the AI SDK into a {@link MempError}, once. */
function wrapProviderError(error: unknown, id: string): MempError {
  if (error instanceof MempError) return error;
  const last = RetryError.isInstance(error) ? error.lastError : error;
  const statusCode = APICallError.isInstance(last) ? last.statusCode : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const code = isMalformedOutput(error) ? 'PROVIDER_OUTPUT_INVALID' : 'PROVIDER_FAILED';
  return new MempError(code, `embedder ${id}: ${reason}`, {
    cause: error,
    details: { embedder: id, ...(statusCode === undefined ? {} : { statusCode }) },
  });
}

function invalidOutput(id: string, message: string, details: Record<string, unknown>): MempError {
  return new MempError('PROVIDER_OUTPUT_INVALID', `embedder ${id}: ${message}`, {
    details: { embedder: id, ...details },
  });
}

/** Calls the provider for `values` (non-empty) and checks the count and the finiteness of the vectors. */
async function callProvider(options: AiSdkEmbedderOptions, values: string[]): Promise<number[][]> {
  let embeddings: number[][];
  try {
    const result = await embedMany({
      model: options.model,
      values,
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    });
    embeddings = result.embeddings;
  } catch (error) {
    throw wrapProviderError(error, options.id);
  }
  if (!Array.isArray(embeddings) || embeddings.length !== values.length) {
    throw invalidOutput(options.id, 'wrong number of embeddings', {
      expected: values.length,
      received: Array.isArray(embeddings) ? embeddings.length : undefined,
    });
  }
  for (const [index, embedding] of embeddings.entries()) {
    if (!Array.isArray(embedding) || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw invalidOutput(options.id, 'embedding is not an array of finite numbers', { index });
    }
  }
  return embeddings;
}

/**
 * An {@link Embedder} backed by any AI SDK embedding model (OpenAI, an OpenAI-compatible local
 * server, …). It sends texts in batches of `batchSize` through `embedMany`, checks that every
 * vector has the expected dimension and finite values, and L2-normalizes them.
 *
 * Asynchronous because `dimension` must be honest from the start: when it is not given, the
 * factory embeds one probe text and takes its length.
 *
 * Texts that are empty or whitespace-only are not sent (providers reject them); they embed to the
 * zero vector, like the hashing embedder's texts without words.
 *
 * Errors: a failed call (network, HTTP error, retries exhausted) becomes a `MempError`
 * `PROVIDER_FAILED`; an answer that is not valid JSON of the expected shape, has the wrong number
 * of vectors, a wrong dimension or non-finite values becomes `PROVIDER_OUTPUT_INVALID`; bad options
 * give `INVALID_ARGUMENT`.
 */
export async function createAiSdkEmbedder(options: AiSdkEmbedderOptions): Promise<Embedder> {
  if (typeof options.id !== 'string' || options.id.trim() === '') {
    throw new MempError('INVALID_ARGUMENT', 'id must be a non-empty string', { details: { field: 'id' } });
  }
  requireInteger(options.dimension, 'dimension', 1);
  requireInteger(options.batchSize, 'batchSize', 1);
  requireInteger(options.maxRetries, 'maxRetries', 0);
  const batchSize = options.batchSize ?? AI_SDK_EMBEDDER_DEFAULT_BATCH_SIZE;

  let dimension = options.dimension;
  if (dimension === undefined) {
    const [probe] = await callProvider(options, [PROBE_TEXT]);
    if (probe === undefined || probe.length === 0) {
      throw invalidOutput(options.id, 'probe embedding is empty', {});
    }
    dimension = probe.length;
  }
  const expectedDimension = dimension;

  return {
    specificationVersion: 'v1',
    id: options.id,
    dimension: expectedDimension,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      const vectors = texts.map(() => new Float32Array(expectedDimension));
      const pending: number[] = [];
      for (const [index, text] of texts.entries()) {
        if (typeof text !== 'string') {
          throw new MempError('INVALID_ARGUMENT', 'every text to embed must be a string', {
            details: { field: `texts[${index}]` },
          });
        }
        if (text.trim() !== '') pending.push(index);
      }
      for (let start = 0; start < pending.length; start += batchSize) {
        const indices = pending.slice(start, start + batchSize);
        const embeddings = await callProvider(
          options,
          indices.map((i) => texts[i] as string),
        );
        for (const [k, embedding] of embeddings.entries()) {
          if (embedding.length !== expectedDimension) {
            throw invalidOutput(options.id, 'embedding has the wrong dimension', {
              index: indices[k],
              expected: expectedDimension,
              received: embedding.length,
            });
          }
          const vector = vectors[indices[k] as number] as Float32Array;
          vector.set(embedding);
          normalizeInPlace(vector);
        }
      }
      return vectors;
    },
  };
}
