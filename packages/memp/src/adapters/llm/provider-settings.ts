import { MempError } from '../../core/errors.js';
import type { ModelSpec } from './model-spec.js';

/** Environment variables as a plain map (defaults to `process.env` where a factory takes one). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Environment variable holding the key of each provider. */
export const PROVIDER_KEY_VARIABLES = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY',
} as const;

/** Optional environment variable overriding each hosted provider's base URL (proxies, gateways). */
const PROVIDER_BASE_URL_VARIABLES = {
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
} as const;

/** What a provider factory needs besides the model name. */
export interface ProviderSettings {
  apiKey?: string;
  baseURL?: string;
}

/**
 * Resolves the key and base URL of a spec's provider from `env`, before any request is made.
 * `openai` and `anthropic` require their key (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`) and honour
 * `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL`; `openai-compatible` local servers need no key, and
 * `OPENAI_COMPATIBLE_API_KEY` is sent when set. A missing required key is `MempError('UNAUTHORIZED')`.
 */
export function resolveProviderSettings(options: { spec: ModelSpec; env: Env }): ProviderSettings {
  const { spec, env } = options;
  const keyVariable = PROVIDER_KEY_VARIABLES[spec.provider];
  const apiKey = nonEmpty(env[keyVariable]);
  if (spec.provider === 'openai-compatible') {
    return {
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(spec.baseURL === undefined ? {} : { baseURL: spec.baseURL }),
    };
  }
  if (apiKey === undefined) {
    throw new MempError('UNAUTHORIZED', `${spec.id} needs an API key: set ${keyVariable}`, {
      details: { provider: spec.provider, variable: keyVariable },
    });
  }
  const baseURL = nonEmpty(env[PROVIDER_BASE_URL_VARIABLES[spec.provider]]);
  return { apiKey, ...(baseURL === undefined ? {} : { baseURL }) };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
