import { describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createInMemoryApiKeyStore } from '../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createInMemoryMemoryStore } from '../adapters/stores/in-memory/in-memory-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { MempError } from '../core/errors.js';
import { createMempHttpApp } from '../server/http/create-memp-http-app.js';

/** `port` seen through a proxy that reports another `specificationVersion` (or none). */
function withVersion<T extends object>(port: T, version: string | undefined): T {
  return new Proxy(port, {
    get: (target, name) => (name === 'specificationVersion' ? version : Reflect.get(target, name, target)),
  });
}

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error instanceof MempError ? { code: error.code, field: error.details?.['field'] } : error;
  }
}

describe('port specification versions', () => {
  it('createMemp accepts v1 ports and refuses another version or none, naming the option', () => {
    expect(fieldOf(() => createMemp({ store: createInMemoryMemoryStore(), embedder: createHashingEmbedder() }))).toBe(
      'no error',
    );
    expect(fieldOf(() => createMemp({ store: withVersion(createInMemoryMemoryStore(), 'v2') }))).toEqual({
      code: 'INVALID_ARGUMENT',
      field: 'store',
    });
    expect(fieldOf(() => createMemp({ embedder: withVersion(createHashingEmbedder(), undefined) }))).toEqual({
      code: 'INVALID_ARGUMENT',
      field: 'embedder',
    });
    const writer = { id: 'mine', write: async () => 'script' };
    expect(fieldOf(() => createMemp({ scriptWriter: writer as never }))).toEqual({
      code: 'INVALID_ARGUMENT',
      field: 'scriptWriter',
    });
  });

  it('the HTTP app refuses a key store of another version', () => {
    const memp = createMemp({});
    expect(fieldOf(() => createMempHttpApp({ memp, keys: withVersion(createInMemoryApiKeyStore(), 'v0') }))).toEqual({
      code: 'INVALID_ARGUMENT',
      field: 'keys',
    });
    expect(fieldOf(() => createMempHttpApp({ memp, keys: createInMemoryApiKeyStore() }))).toBe('no error');
  });
});
