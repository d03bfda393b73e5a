import { runApiKeyStoreContract } from '../../../testing/api-key-store-contract.js';
import { createInMemoryApiKeyStore } from './in-memory-api-key-store.js';

runApiKeyStoreContract('in-memory', () => createInMemoryApiKeyStore());
