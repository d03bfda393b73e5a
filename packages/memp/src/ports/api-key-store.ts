/**
 * What a key may do. `read`: retrieve, list, get, export. `write`: read + learn, import, edit, deprecate, restore.
 * `admin`: write + keys and delete.
 */
export type ApiKeyRole = 'read' | 'write' | 'admin';

/** The roles, weakest first. */
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['read', 'write', 'admin'];

/** Everything known about an API key except its secret. */
export interface ApiKeyRecord {
  /** Public key id (the part of the key before its secret); unique in the store. */
  id: string;
  /** A human label. */
  name?: string;
  /** The namespace the key is for, or `'*'` for every namespace. */
  namespace: string;
  /** What the key may do (see {@link ApiKeyRole}). */
  role: ApiKeyRole;
  /**
   * How far what the key writes is believed (see docs/trust.md): an `untrusted` key's changes of a memory's served
   * content wait as candidates and its outcome reports count as one witness. Absent: admin keys are trusted, others
   * untrusted ({@link keyTrust}).
   */
  trust?: 'trusted' | 'untrusted';
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; a revoked key authenticates nothing. */
  revokedAt?: string;
}

/** A stored key: its record and the salted hash of its secret (never the secret itself). */
export interface StoredApiKey {
  /** The public part: id, namespace, role, times. */
  record: ApiKeyRecord;
  /** Hex-encoded salt. */
  salt: string;
  /** Hex-encoded hash of the secret with `salt` (the algorithm is the server's; the store keeps bytes). */
  hash: string;
}

/**
 * Where the server's API keys live: a port of its own, independent of `MemoryStore` (a memory store needs no
 * key storage, and the engine never sees keys). Each backend offers one that can share the memory store's
 * database, file or pool, so one backup holds both. Stores never see a secret. Every adapter passes the shared
 * contract suite (`runApiKeyStoreContract`).
 */
export interface ApiKeyStore {
  /**
   * The version of the ApiKeyStore specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** Stores a new key. An existing id fails with `CONFLICT`; a malformed key with `INVALID_ARGUMENT`. */
  createKey(key: StoredApiKey): Promise<void>;
  /** The key with this id (revoked ones too), if any. Every authenticated request calls this. */
  findKey(query: { id: string }): Promise<StoredApiKey | undefined>;
  /** Every key's record (revoked ones too), in creation order (`createdAt`, then `id`). */
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked at `at` (ISO-8601). Unknown id: `NOT_FOUND`; revoking twice keeps the first time. */
  revokeKey(query: { id: string; at: string }): Promise<ApiKeyRecord>;
  /**
   * Releases what this store holds (a database or pool it opened itself, not one it was given). Further calls
   * fail with `STORAGE_FAILED`; closing twice is harmless.
   */
  close(): Promise<void>;
}

/** The trust of a key: its own setting, else `trusted` for admin keys and `untrusted` for every other role. */
export function keyTrust(record: Pick<ApiKeyRecord, 'role' | 'trust'>): 'trusted' | 'untrusted' {
  return record.trust ?? (record.role === 'admin' ? 'trusted' : 'untrusted');
}
