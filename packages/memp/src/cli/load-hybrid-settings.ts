import { readFileSync } from 'node:fs';
import { MempError } from '../core/errors.js';
import { parseHybridSettings } from '../policies/retrieve/hybrid-settings.js';
import type { HybridSettings } from '../policies/retrieve/hybrid-settings.js';

/**
 * The settings of the `hybrid` retrieval policy from the JSON file `--hybrid-settings` names (field weights, fusion,
 * diversity, synonyms, expansion; see `HybridSettings`), or undefined without the flag. A missing, non-JSON or
 * malformed file fails with `INVALID_ARGUMENT` naming the file and the field.
 */
export function loadHybridSettings(path: string | undefined): HybridSettings | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new MempError('INVALID_ARGUMENT', `--hybrid-settings: cannot read ${path} (${reason})`, {
      details: { field: '--hybrid-settings' },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--hybrid-settings: ${path} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      { details: { field: '--hybrid-settings' } },
    );
  }
  return parseHybridSettings(json, `--hybrid-settings ${path}`);
}
