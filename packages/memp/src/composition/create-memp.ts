import type { Memp } from '../engine/create-memp.js';
import { createMempEngine } from '../engine/create-memp.js';
import type { MempOptions } from '../engine/memp-options.js';
import { composeEngineParts } from './compose-engine-parts.js';

/**
 * Creates the memp engine: composes a store, an embedder and the paper's build, retrieve and update policies.
 * With no options it runs offline on an in-memory store (nothing is written to disk; pass a store from `memp/sqlite` or
 * `memp/postgres` to keep memories).
 */
export function createMemp(options: MempOptions = {}): Memp {
  return createMempEngine({ parts: composeEngineParts(options), settings: options });
}
