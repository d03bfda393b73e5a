import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { wrapError } from 'memp/internal';

/** The uPlot chart library as text, to inline into self-contained HTML reports. */
export interface UplotAssets {
  /** `uPlot.iife.min.js`: defines the global `uPlot`. */
  js: string;
  /** `uPlot.min.css`. */
  css: string;
}

let cached: UplotAssets | undefined;

/**
 * Reads uPlot's browser build and stylesheet from the installed `uplot` package (once per process).
 * Throws `INTERNAL` when the package is missing.
 */
export function loadUplotAssets(): UplotAssets {
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    cached = {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
    return cached;
  } catch (error) {
    throw wrapError(error, 'INTERNAL', 'cannot read the uplot package for the HTML report');
  }
}
