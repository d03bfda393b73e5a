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
  role: ApiKeyRole;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; a revoked key authenticates nothing. */
  revokedAt?: string;
}

/** A stored key: its record and the salted hash of its secret (never the secret itself). */
export interface StoredApiKey {
  record: ApiKeyRecord;
  /** Hex-encoded salt. */
  salt: string;
  /** Hex-encoded hash of the secret with `salt` (the algorithm is the server's; the store keeps bytes). */
  hash: string;
}

/**
 * Where API keys live: in the same database as the memories, so one backup holds both. Stores never see a
 * secret. Every {@link MemoryStore} adapter exposes one as `keys`, and the shared contract suite covers it.
 */
export interface ApiKeyStore {
  /** Stores a new key. An existing id fails with `CONFLICT`. */
  createKey(key: StoredApiKey): Promise<void>;
  /** The key with this id (revoked ones too), if any. */
  findKey(query: { id: string }): Promise<StoredApiKey | undefined>;
  /** Every key's record (revoked ones too), in creation order (`createdAt`, then `id`). */
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked at `at`. Unknown id: `NOT_FOUND`; revoking twice keeps the first time. */
  revokeKey(query: { id: string; at: string }): Promise<ApiKeyRecord>;
}
