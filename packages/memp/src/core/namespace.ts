import { z } from 'zod';

/** The namespace every call uses when none is given. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * A namespace isolates one memory from another (one per agent, team or benchmark run):
 * 1–64 characters of letters, digits, `.`, `_`, `-`, `:`.
 */
export const NamespaceSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'namespace must be 1-64 characters of letters, digits, ".", "_", "-", ":"');
