import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runMemoryStoreContract } from '../../../testing/memory-store-contract.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runMemoryStoreContract('sqlite :memory:', () => createSqliteMemoryStore({ path: ':memory:' }));
runMemoryStoreContract('sqlite file', () => createSqliteMemoryStore({ path: join(dir, `store-${++n}.db`) }));
