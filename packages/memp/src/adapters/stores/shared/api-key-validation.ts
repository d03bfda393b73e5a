import { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import type { ApiKeyRecord, StoredApiKey } from '../../../ports/api-key-store.js';

const HEX = /^[0-9a-f]+$/;

/** Schema of an {@link ApiKeyRecord} as stores accept and return it. */
export const ApiKeyRecordSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'key ids are 1-64 letters, digits, "_" or "-"'),
  name: z.string().max(200).optional(),
  namespace: z.string().min(1).max(200),
  role: z.enum(['read', 'write', 'admin']),
  trust: z.enum(['trusted', 'untrusted']).optional(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
});

/** Schema of a {@link StoredApiKey}: a record plus hex salt and hash. */
export const StoredApiKeySchema = z.object({
  record: ApiKeyRecordSchema,
  salt: z.string().regex(HEX).min(16),
  hash: z.string().regex(HEX).min(32),
});

/** Validates a key before a store writes it (`INVALID_ARGUMENT` naming the field). */
export function checkStoredApiKey(key: unknown): StoredApiKey {
  const parsed = StoredApiKeySchema.safeParse(key);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new MempError('INVALID_ARGUMENT', `invalid API key ${field}: ${issue?.message ?? 'bad input'}`, {
      details: { field },
    });
  }
  return dropUndefined(parsed.data);
}

/** Parses a stored key read back from a database row. */
export function storedApiKeyFromJson(body: unknown): StoredApiKey {
  if (typeof body !== 'string') throw new MempError('STORAGE_FAILED', 'an API key row has no body');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new MempError('STORAGE_FAILED', 'an API key row is not valid JSON', { cause: error });
  }
  const parsed = StoredApiKeySchema.safeParse(value);
  if (!parsed.success) throw new MempError('STORAGE_FAILED', 'an API key row does not match its schema');
  return dropUndefined(parsed.data);
}

function dropUndefined(key: z.infer<typeof StoredApiKeySchema>): StoredApiKey {
  const record: ApiKeyRecord = {
    id: key.record.id,
    namespace: key.record.namespace,
    role: key.record.role,
    createdAt: key.record.createdAt,
  };
  if (key.record.name !== undefined) record.name = key.record.name;
  if (key.record.trust !== undefined) record.trust = key.record.trust;
  if (key.record.revokedAt !== undefined) record.revokedAt = key.record.revokedAt;
  return { record, salt: key.salt, hash: key.hash };
}

/** Orders key records by creation (`createdAt`, then `id`). */
export function byKeyCreation(a: ApiKeyRecord, b: ApiKeyRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
