import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (e.g. by secret scanners). */
export const API_KEY_PREFIX = 'memp';

const KEY_PATTERN = /^memp_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** The two parts of a key: its public id and its secret. */
export interface ApiKeyParts {
  id: string;
  secret: string;
}

/**
 * Makes a new key `memp_<id>_<secret>`: a 64-bit hex id (public, shown in logs and lists) and a 256-bit
 * random secret (base64url), both from node:crypto.
 */
export function generateApiKey(): ApiKeyParts & { key: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `${API_KEY_PREFIX}_${id}_${secret}` };
}

/** Splits a presented key into id and secret; undefined when it is not shaped like a memp key. */
export function parseApiKey(key: string): ApiKeyParts | undefined {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  return { id: match[1] as string, secret: match[2] as string };
}

/**
 * Hashes a secret with a per-key salt: HMAC-SHA256 keyed by the salt. A fast hash is enough because secrets are
 * 256 random bits (nothing to brute-force), and it keeps authentication off the request's latency budget.
 */
export function hashApiKeySecret(options: { secret: string; salt: string }): string {
  return createHmac('sha256', Buffer.from(options.salt, 'hex')).update(options.secret, 'utf8').digest('hex');
}

/** A fresh random salt (hex, 128 bits). */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** True when `secret` hashes to `hash` under `salt`, compared in constant time. */
export function secretMatches(options: { secret: string; salt: string; hash: string }): boolean {
  const actual = Buffer.from(hashApiKeySecret(options), 'hex');
  const expected = Buffer.from(options.hash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
