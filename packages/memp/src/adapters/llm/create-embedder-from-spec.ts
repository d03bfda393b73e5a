import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModel } from 'ai';
import { MempError } from '../../core/errors.js';
import type { Embedder } from '../../ports/embedder.js';
import { createAiSdkEmbedder } from '../embedders/ai-sdk-embedder.js';
import { createHashingEmbedder } from '../embedders/hashing-embedder.js';
import { type EmbedderSpec, type ModelSpec, parseEmbedderSpec } from './model-spec.js';
import { type Env, resolveProviderSettings } from './provider-settings.js';

/** An AI SDK embedding model object (not a global-provider model id string). */
export type ProviderEmbeddingModel = Exclude<EmbeddingModel, string>;

/** Options of {@link createEmbeddingModelFromSpec}. */
export interface CreateEmbeddingModelOptions {
  /** A provider model spec (`openai:…` or `openai-compatible:…#…`), string or parsed. */
  spec: string | ModelSpec;
  /** Where keys are read from. Default `process.env`. */
  env?: Env;
  /** Replaces `fetch` for the provider's HTTP calls. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Creates an AI SDK embedding model from a provider spec; validates spec and key first, makes no request.
 * `anthropic` has no embedding API: `INVALID_ARGUMENT`. A missing key: `UNAUTHORIZED`.
 */
export function createEmbeddingModelFromSpec(options: CreateEmbeddingModelOptions): ProviderEmbeddingModel {
  const spec = typeof options.spec === 'string' ? parseEmbedderSpec({ spec: options.spec }) : options.spec;
  if (spec.provider === 'offline') {
    throw new MempError(
      'INVALID_ARGUMENT',
      'the offline embedder is not an AI SDK embedding model; use createEmbedderFromSpec',
      {
        details: { field: 'embedder' },
      },
    );
  }
  if (spec.provider === 'anthropic') {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${spec.id}: Anthropic offers no embedding models; use openai:… or openai-compatible:…`,
      {
        details: { field: 'embedder', spec: spec.id },
      },
    );
  }
  const settings = resolveProviderSettings({ spec, env: options.env ?? process.env });
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  if (spec.provider === 'openai') return createOpenAI({ ...settings, ...fetchOption }).embeddingModel(spec.model);
  return createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: settings.baseURL ?? '',
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...fetchOption,
  }).embeddingModel(spec.model);
}

/** Options of {@link createEmbedderFromSpec}. */
export interface CreateEmbedderFromSpecOptions {
  /** Spec of the embedder; also `offline` / `hashing` / `hashing:<dimension>` for the offline embedder. */
  spec: string | EmbedderSpec;
  /** Where keys are read from. Default `process.env`. */
  env?: Env;
  /** Replaces `fetch` for the provider's HTTP calls. */
  fetch?: typeof globalThis.fetch;
  /** Expected vector length of a provider model; probed with one call when omitted. */
  dimension?: number;
  /** Texts per provider call. Default: the AI SDK embedder's default. */
  batchSize?: number;
}

/**
 * Creates the project's {@link Embedder} from a spec: the offline hashing embedder for `offline`/`hashing`, else an
 * AI SDK embedder ({@link createAiSdkEmbedder}) whose id is the spec's model id (e.g. `openai:text-embedding-3-small`).
 * The spec and key are checked before any request; for a provider model without `dimension`, one probe call learns
 * the dimension (errors from it are `PROVIDER_FAILED` / `PROVIDER_OUTPUT_INVALID`).
 */
export async function createEmbedderFromSpec(options: CreateEmbedderFromSpecOptions): Promise<Embedder> {
  const spec = typeof options.spec === 'string' ? parseEmbedderSpec({ spec: options.spec }) : options.spec;
  if (spec.provider === 'offline') {
    return createHashingEmbedder(spec.dimension === undefined ? {} : { dimension: spec.dimension });
  }
  const model = createEmbeddingModelFromSpec({
    spec,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return createAiSdkEmbedder({
    model,
    id: spec.id,
    ...(options.dimension === undefined ? {} : { dimension: options.dimension }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
}
