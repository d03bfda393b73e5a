import { MempError } from '../../core/errors.js';

/** Providers a model spec can name. */
export const MODEL_PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
/** A provider a model spec can name. */
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/**
 * A parsed model spec: which provider, which model, and (for `openai-compatible`) which server.
 * `id` is the stable model id recorded as `provenance.builtBy` and used in cache keys: `openai:gpt-4o-mini`,
 * `anthropic:claude-sonnet-4-5`, `openai-compatible:qwen2.5:14b` (the server URL is infrastructure, not
 * part of the model's identity).
 */
export interface ModelSpec {
  provider: ModelProvider;
  model: string;
  /** Server base URL, e.g. `http://localhost:11434/v1`; only for `openai-compatible`. */
  baseURL?: string;
  id: string;
}

/** The spec of the default offline (hashing) embedder, optionally with its dimension. */
export interface OfflineEmbedderSpec {
  provider: 'offline';
  /** Vector length when given as `hashing:<n>`; the hashing embedder's default otherwise. */
  dimension?: number;
}

/** A parsed embedder spec: the offline embedder, or a provider's embedding model. */
export type EmbedderSpec = OfflineEmbedderSpec | ModelSpec;

/** Spellings of the offline embedder in an embedder spec (`hashing:<n>` also sets its dimension). */
export const OFFLINE_EMBEDDER_SPECS = ['offline', 'hashing'] as const;

const SPEC_HELP = 'expected openai:<model>, anthropic:<model> or openai-compatible:<baseURL>#<model>';

function invalid(spec: string, reason: string, field: string): MempError {
  return new MempError('INVALID_ARGUMENT', `invalid model spec "${spec}": ${reason} (${SPEC_HELP})`, {
    details: { field, spec },
  });
}

/**
 * Parses a language or embedding model spec:
 * - `openai:<model>` (e.g. `openai:gpt-4o-mini`),
 * - `anthropic:<model>` (e.g. `anthropic:claude-sonnet-4-5`),
 * - `openai-compatible:<baseURL>#<model>` for Ollama, vLLM, LM Studio, llama.cpp server
 *   (e.g. `openai-compatible:http://localhost:11434/v1#qwen2.5:14b`; the model is everything after the first `#`).
 *
 * Pure: reads no environment and checks no key. Throws `MempError('INVALID_ARGUMENT')` for an unknown provider,
 * an empty model, or a base URL that is not an absolute http(s) URL. `field` names the flag or setting in errors
 * (default `model`).
 */
export function parseModelSpec(options: { spec: string; field?: string }): ModelSpec {
  const field = options.field ?? 'model';
  const spec = typeof options.spec === 'string' ? options.spec.trim() : '';
  if (spec === '') throw invalid(String(options.spec ?? ''), 'empty spec', field);
  const colon = spec.indexOf(':');
  if (colon <= 0) throw invalid(spec, 'missing provider prefix', field);
  const provider = spec.slice(0, colon);
  const rest = spec.slice(colon + 1).trim();
  switch (provider) {
    case 'openai':
    case 'anthropic':
      if (rest === '' || /\s/.test(rest)) throw invalid(spec, 'missing or malformed model name', field);
      return { provider, model: rest, id: `${provider}:${rest}` };
    case 'openai-compatible': {
      const hash = rest.indexOf('#');
      if (hash < 0) throw invalid(spec, 'missing "#<model>" after the base URL', field);
      const baseURL = rest.slice(0, hash).trim().replace(/\/+$/, '');
      const model = rest.slice(hash + 1).trim();
      if (model === '' || /\s/.test(model)) throw invalid(spec, 'missing or malformed model name', field);
      if (!isHttpUrl(baseURL)) throw invalid(spec, `base URL "${baseURL}" is not an absolute http(s) URL`, field);
      return { provider, model, baseURL, id: `${provider}:${model}` };
    }
    default:
      throw invalid(spec, `unknown provider "${provider}"`, field);
  }
}

/**
 * Parses an embedder spec: `offline` / `hashing` (the default offline embedder), `hashing:<dimension>`, or any
 * model spec accepted by {@link parseModelSpec}. Pure; `INVALID_ARGUMENT` on anything else (field `embedder`).
 */
export function parseEmbedderSpec(options: { spec: string; field?: string }): EmbedderSpec {
  const field = options.field ?? 'embedder';
  const spec = typeof options.spec === 'string' ? options.spec.trim() : '';
  if ((OFFLINE_EMBEDDER_SPECS as readonly string[]).includes(spec)) return { provider: 'offline' };
  const hashing = /^hashing:(.*)$/.exec(spec);
  if (hashing) {
    const value = hashing[1] ?? '';
    const dimension = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(dimension) || dimension < 1) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `invalid embedder spec "${spec}": hashing:<dimension> needs a positive integer`,
        {
          details: { field, spec },
        },
      );
    }
    return { provider: 'offline', dimension };
  }
  return parseModelSpec({ spec, field });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
