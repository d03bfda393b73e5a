/** A parsed ALFWorld command (names are display names, e.g. `apple 1`). */
export type AlfworldCommand =
  | { verb: 'look' | 'inventory' | 'help' }
  | { verb: 'goto' | 'open' | 'close' | 'use' | 'examine'; target: string }
  | { verb: 'take' | 'move' | 'heat' | 'clean' | 'cool' | 'slice'; target: string; tool: string };

const PATTERNS: [RegExp, (m: RegExpExecArray) => AlfworldCommand][] = [
  [/^go to (.+)$/, (m) => ({ verb: 'goto', target: m[1] as string })],
  [/^(open|close|use|examine) (.+)$/, (m) => ({ verb: m[1] as 'open', target: m[2] as string })],
  [/^take (.+) from (.+)$/, (m) => ({ verb: 'take', target: m[1] as string, tool: m[2] as string })],
  [/^move (.+) to (.+)$/, (m) => ({ verb: 'move', target: m[1] as string, tool: m[2] as string })],
  // The older ALFWorld grammar said `put X in/on Y`; accept it as `move`.
  [/^put (.+) (?:in\/on|in|on|into) (.+)$/, (m) => ({ verb: 'move', target: m[1] as string, tool: m[2] as string })],
  [/^(heat|clean|cool|slice) (.+) with (.+)$/, (m) => ({ verb: m[1] as 'heat', target: m[2] as string, tool: m[3] as string })],
];

/** Canonical form of a command: trimmed, lower-cased, single spaces. */
export function normalizeCommand(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Parses a command's shape (not its validity); undefined when it matches no ALFWorld verb. */
export function parseAlfworldCommand(text: string): AlfworldCommand | undefined {
  const command = normalizeCommand(text);
  if (command === 'look' || command === 'inventory' || command === 'help') return { verb: command };
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(command);
    if (m !== null) return build(m);
  }
  return undefined;
}
