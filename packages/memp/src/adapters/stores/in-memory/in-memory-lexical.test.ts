import { runLexicalSearchContract } from '../../../testing/memory-store-contract-lexical.js';
import { createInMemoryMemoryStore } from './in-memory-memory-store.js';

runLexicalSearchContract('in-memory', () => createInMemoryMemoryStore());
