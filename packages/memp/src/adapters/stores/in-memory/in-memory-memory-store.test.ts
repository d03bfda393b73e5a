import { runMemoryStoreContract } from '../../../testing/memory-store-contract.js';
import { createInMemoryMemoryStore } from './in-memory-memory-store.js';

runMemoryStoreContract('in-memory', () => createInMemoryMemoryStore());
