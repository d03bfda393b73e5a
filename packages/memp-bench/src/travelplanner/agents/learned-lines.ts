/**
 * The lines the learning planner's memory carries beyond the plan grammar of {@link readProcedure} (route, legs,
 * fills, picks, the `distinct` rules): relations observed on a remembered plan between its query's fields and the
 * fields of the reference rows it chose. They are written by {@link describeObservedPlan} from the plan alone (no
 * constraint is given a meaning there) and read here. Lines:
 *
 * - `when <constraint> is "<value>" every|some <entity> "<field>" has|lacks "<token>"` — every (or some) chosen row of
 *   `<entity>` (`accommodation`, `restaurant`, `leg`) has, or lacks, the token (a word of the value, or the whole
 *   value), case-insensitively, in `<field>`, while some candidate of the reference information did not;
 * - `every accommodation "<field>" <= nights` / `>= people` — a numeric field of every chosen stay compared with the
 *   nights stayed or the party, while some candidate did not compare so;
 * - `plan cost <= query "<field>"` — the plan's cost (the planner's own count) was within that query field.
 */

/** An entity of the reference information a relation talks about. */
export type RelationEntity = 'accommodation' | 'restaurant' | 'leg';

/** A relation between a constraint's value and a field of the chosen rows. */
export interface ValueRelation {
  /** The constraint name as the query spells it (`house rule`, `room type`, `cuisine`, `transportation`). */
  constraint: string;
  /** The constraint's value in the remembered query (one cuisine for a list). */
  value: string;
  quantifier: 'every' | 'some';
  entity: RelationEntity;
  field: string;
  relation: 'has' | 'lacks';
  /** Lowercase: a word of the value, or the whole value. */
  token: string;
}

/** A relation between a numeric field of the chosen stays and the nights stayed or the party size. */
export interface StayBound {
  field: string;
  bound: '<=' | '>=';
  against: 'nights' | 'people';
}

/** What a memory's learned lines say. */
export interface LearnedLines {
  relations: ValueRelation[];
  stayBounds: StayBound[];
  /** Query fields the remembered plan's cost stayed within. */
  costWithin: string[];
  /** Items (`Name, City`) the remembered plan chose (its `pick` lines). */
  picks: string[];
}

/** The line of a value relation. */
export function relationLine(r: ValueRelation): string {
  return `when ${r.constraint} is "${r.value}" ${r.quantifier} ${r.entity} "${r.field}" ${r.relation} "${r.token}"`;
}
/** The line of a stay bound. */
export const stayBoundLine = (b: StayBound) => `every accommodation "${b.field}" ${b.bound} ${b.against}`;
/** The line of a cost bound. */
export const costWithinLine = (field: string) => `plan cost <= query "${field}"`;

const RELATION =
  /^when ([a-z ]+) is "([^"]+)" (every|some) (accommodation|restaurant|leg) "([^"]+)" (has|lacks) "([^"]+)"$/;
const BOUND = /^every accommodation "([^"]+)" (<=|>=) (nights|people)$/;
const COST = /^plan cost <= query "([^"]+)"$/;
const PICK = /^pick day=\d+ [a-z]+: (.+)$/;

/** Reads the learned lines of a memory's lines (step actions or script lines; `3. ` numbering ignored; others skipped). */
export function readLearnedLines(lines: readonly string[]): LearnedLines {
  const out: LearnedLines = { relations: [], stayBounds: [], costWithin: [], picks: [] };
  for (const raw of lines) {
    const line = raw.trim().replace(/^\d+\.\s+/, '');
    const r = RELATION.exec(line);
    if (r) {
      out.relations.push({
        constraint: r[1] as string,
        value: r[2] as string,
        quantifier: r[3] as 'every' | 'some',
        entity: r[4] as RelationEntity,
        field: r[5] as string,
        relation: r[6] as 'has' | 'lacks',
        token: (r[7] as string).toLowerCase(),
      });
      continue;
    }
    const b = BOUND.exec(line);
    if (b) {
      out.stayBounds.push({
        field: b[1] as string,
        bound: b[2] as '<=' | '>=',
        against: b[3] as 'nights' | 'people',
      });
      continue;
    }
    const c = COST.exec(line);
    if (c) {
      out.costWithin.push(c[1] as string);
      continue;
    }
    const p = PICK.exec(line);
    if (p)
      out.picks.push(
        ...(p[1] as string)
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  }
  return out;
}
