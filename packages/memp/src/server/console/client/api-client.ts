import type { z } from 'zod';
import type {
  HistorySchema,
  OverviewSchema,
  RunDetailSchema,
  RunListItemSchema,
  WhoamiSchema,
} from '../../http/console-api-schemas.js';
import type {
  ApiKeyRecordSchema,
  ApiMemorySchema,
  ListResponseSchema,
  MemoryDetailSchema,
  PendingCandidateSchema,
  RetrieveResponseSchema,
} from '../../http/http-schemas.js';

/** The API's response types, inferred from the server's own zod schemas. */
export type Whoami = z.infer<typeof WhoamiSchema>;
export type Overview = z.infer<typeof OverviewSchema>;
export type Memory = z.infer<typeof ApiMemorySchema>;
export type MemoryDetail = z.infer<typeof MemoryDetailSchema>;
export type PendingCandidate = z.infer<typeof PendingCandidateSchema>;
export type MemoryList = z.infer<typeof ListResponseSchema>;
export type History = z.infer<typeof HistorySchema>;
export type RetrieveResponse = z.infer<typeof RetrieveResponseSchema>;
export type RunListItem = z.infer<typeof RunListItemSchema>;
export type RunDetail = z.infer<typeof RunDetailSchema>;
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

/** An error answer of the API: its stable code, status and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

const KEY = 'memp.console.key';

/** The key entered for this browser session (sessionStorage: gone when the tab closes). */
export function storedKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** Remembers (or, with undefined, forgets) the session's key. */
export function storeKey(key: string | undefined): void {
  if (key === undefined) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

/** Calls the HTTP API with the session's key; non-2xx answers become {@link ApiError}. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const key = storedKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) {
    let code = 'INTERNAL';
    let message = `${res.status} ${res.statusText}`;
    let details: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(text) as {
        error?: { code?: string; message?: string; details?: Record<string, unknown> };
      };
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? message;
      details = parsed.error?.details ?? {};
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, code, message, details);
  }
  if (!(res.headers.get('content-type') ?? '').includes('json')) return text as T;
  return JSON.parse(text) as T;
}

/** `/v1/namespaces/{ns}` with the namespace encoded. */
export function nsPath(ns: string, rest = ''): string {
  return `/v1/namespaces/${encodeURIComponent(ns)}${rest}`;
}
