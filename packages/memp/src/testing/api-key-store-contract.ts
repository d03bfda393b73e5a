import { afterEach, beforeEach, describe } from 'vitest';
import type { ApiKeyStore } from '../ports/api-key-store.js';
import { defineApiKeyStoreCases } from './api-key-store-contract-cases.js';

/**
 * The behaviour every {@link ApiKeyStore} adapter must have: keys are stored, found, listed in creation order
 * without secrets, revoked once, and every call fails with `STORAGE_FAILED` after `close()`. Call it from the
 * adapter's test file; `create` must return a fresh store without keys each time (it is called before every test,
 * and the store is closed after).
 */
export function runApiKeyStoreContract(name: string, create: () => Promise<ApiKeyStore> | ApiKeyStore): void {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let current: ApiKeyStore | undefined;
    beforeEach(async () => {
      current = await create();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    defineApiKeyStoreCases({
      keys() {
        if (current === undefined) throw new Error('no store: the contract creates one before each test');
        return current;
      },
    });
  });
}
