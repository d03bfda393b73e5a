import { ApiError } from './api-client.js';
import { h } from './dom.js';

/** An error as a visible alert: the API's code and message (never markup). */
export function errorView(error: unknown): HTMLElement {
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'alert error', role: 'alert' }, h('strong', {}, code), ' ', message);
}
