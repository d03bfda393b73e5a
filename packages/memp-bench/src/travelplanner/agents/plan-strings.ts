/**
 * The planners' own reading of plan strings, written from the plan format (README, TravelPlanner): `from A to B` in a
 * day's city or transportation, `Name, City` for meals, attractions and stays, and a city written with its state in
 * parentheses. The planners never import the evaluator's parsing.
 */
export const planStrings = {
  /** (A, B) of the first `from A to B` in `text` (B ends at a comma), or undefined. */
  fromTo(text: string): [string, string] | undefined {
    const m = /from\s+(.+?)\s+to\s+([^,]+)/.exec(text);
    return m ? [(m[1] as string).trim(), (m[2] as string).trim()] : undefined;
  },
  /** A city without a parenthesised state: `Austin(Texas)` → `Austin`. */
  city(text: string): string {
    const i = text.indexOf('(');
    return (i < 0 ? text : text.slice(0, i)).trim();
  },
  /** (name, city) of `Name, City` (the last comma separates them); `['-', '-']` without a comma. */
  nameCity(text: string): [string, string] {
    const i = text.lastIndexOf(',');
    if (i < 0) return ['-', '-'];
    return [text.slice(0, i).trim(), planStrings.city(text.slice(i + 1))];
  },
};
