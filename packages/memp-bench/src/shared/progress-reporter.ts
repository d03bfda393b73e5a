import cliProgress from 'cli-progress';

/** Reports progress of a long loop (a progress bar on stderr, or nothing). */
export interface ProgressReporter {
  /** Starts a phase of `total` units, e.g. `expert replays` or `episodes`. */
  start(options: { label: string; total: number }): void;
  /** Sets the units done in the current phase, with a short status (e.g. the running success rate). */
  update(options: { done: number; status?: string }): void;
  /** Ends the current phase. */
  stop(): void;
}

/** A reporter that reports nothing (tests, `--quiet`, non-interactive runs). */
export const silentProgress: ProgressReporter = { start() {}, update() {}, stop() {} };

/**
 * A progress bar on stderr (`cli-progress`). When stderr is not a terminal it prints nothing unless
 * `forceNonTty` is set, so logs and CI output stay clean.
 */
export function createProgressBar(
  options: { stream?: NodeJS.WriteStream; forceNonTty?: boolean } = {},
): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY && !options.forceNonTty) return silentProgress;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start({ label, total }) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label.padEnd(16)} {bar} {value}/{total} {status} | {duration_formatted} elapsed, eta {eta_formatted}`,
          barsize: 28,
          hideCursor: true,
          clearOnComplete: false,
          noTTYOutput: options.forceNonTty ?? false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { status: '' });
    },
    update({ done, status }) {
      bar?.update(done, { status: status ?? '' });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
