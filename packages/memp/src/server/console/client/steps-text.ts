/** One agent step, as memories hold them. */
export interface StepLike {
  thought?: string | undefined;
  action: string;
  observation?: string | undefined;
}

const ARROW = ' → ';

/** Steps as editable lines: `(thought) action → observation` (the same form the history diffs use). */
export function stepsToText(steps: readonly StepLike[] | undefined): string {
  return (steps ?? [])
    .map(
      (st) => `${st.thought ? `(${st.thought}) ` : ''}${st.action}${st.observation ? `${ARROW}${st.observation}` : ''}`,
    )
    .join('\n');
}

/** Parses lines written as by {@link stepsToText}; blank lines are skipped. */
export function textToSteps(text: string): StepLike[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      let rest = line;
      let thought: string | undefined;
      const t = /^\(([^)]*)\)\s+(.*)$/.exec(rest);
      if (t) {
        thought = t[1];
        rest = t[2] as string;
      }
      const arrow = rest.indexOf(ARROW);
      const action = (arrow < 0 ? rest : rest.slice(0, arrow)).trim();
      const observation = arrow < 0 ? undefined : rest.slice(arrow + ARROW.length).trim();
      return { ...(thought ? { thought } : {}), action, ...(observation ? { observation } : {}) };
    });
}
