import type { Whoami } from './api-client.js';

/** What every page gets: where it draws, who is calling, the route's parameters. */
export interface PageContext {
  /** Where this page draws: its own element, detached once the user navigates on (so a late draw shows nowhere). */
  main: HTMLElement;
  whoami: Whoami;
  /** The namespace in view. */
  ns: string;
  /** Path segments after the page name, decoded. */
  rest: string[];
  /** Query parameters of the hash route (`#/ns/x/memories?q=mug`). */
  query: URLSearchParams;
  /** Moves to another hash route. */
  go(hash: string): void;
  /** True when the key may change memories in this namespace. */
  canWrite: boolean;
  /** True when the key may delete memories and manage keys. */
  canAdmin: boolean;
}

/** A page: draws itself into `ctx.main`. */
export type Page = (ctx: PageContext) => Promise<void>;

/** `#/ns/{ns}/{page}…` with every segment encoded. */
export function nsHash(ns: string, ...parts: string[]): string {
  return `#/ns/${[ns, ...parts].map(encodeURIComponent).join('/')}`;
}
