import { MempError } from 'memp';
import type { AlfworldCommand, AlfworldVerb } from './alfworld-command.js';
import type { AlfworldGrammar } from './alfworld-grammar.js';

interface ActionSpec {
  verb: AlfworldVerb;
  /** The template placeholders of the action's arguments: target first, then tool. */
  roles: readonly string[];
}

/** The alfred.pddl actions memp simulates (lower-cased), with the placeholders their templates use. */
export const SIMULATED_ACTIONS: Readonly<Record<string, ActionSpec>> = {
  look: { verb: 'look', roles: [] },
  inventory: { verb: 'inventory', roles: [] },
  help: { verb: 'help', roles: [] },
  gotolocation: { verb: 'goto', roles: ['r'] },
  openobject: { verb: 'open', roles: ['r'] },
  closeobject: { verb: 'close', roles: ['r'] },
  examinereceptacle: { verb: 'examine', roles: ['r'] },
  examineobject: { verb: 'examine', roles: ['o'] },
  toggleobject: { verb: 'use', roles: ['o'] },
  pickupobject: { verb: 'take', roles: ['o', 'r'] },
  putobject: { verb: 'move', roles: ['o', 'r'] },
  heatobject: { verb: 'heat', roles: ['o', 'r'] },
  cleanobject: { verb: 'clean', roles: ['o', 'r'] },
  coolobject: { verb: 'cool', roles: ['o', 'r'] },
  sliceobject: { verb: 'slice', roles: ['co', 'ko'] },
};

/**
 * ALFWorld 2.1.1's command templates, used only for a grammar that declares no `action` block at all (the
 * project's hand-written test games). A grammar that declares templates is taken as it is.
 */
export const DEFAULT_COMMAND_TEMPLATES: Readonly<Record<string, string>> = {
  GotoLocation: 'go to {r}',
  OpenObject: 'open {r}',
  CloseObject: 'close {r}',
  PickupObject: 'take {o} from {r}',
  PutObject: 'move {o} to {r}',
  examineReceptacle: 'examine {r}',
  examineObject: 'examine {o}',
  ToggleObject: 'use {o}',
  HeatObject: 'heat {o} with {r}',
  CleanObject: 'clean {o} with {r}',
  CoolObject: 'cool {o} with {r}',
  SliceObject: 'slice {co} with {ko}',
  inventory: 'inventory',
  look: 'look',
  help: 'help',
};

/** The older ALFWorld grammar's PutObject template (ReAct-era agents), accepted only with the compatibility option. */
export const LEGACY_PUT_TEMPLATE = 'put {o} in/on {r}';
/** The older ALFWorld grammar's PutObject feedback. */
export const LEGACY_PUT_FEEDBACK = 'You put the {o.name} in/on the {r.name}.';

/** `{r}`, `{r.name}` or a list form `[{r.name | condition}]`: one placeholder of a command template. */
const PLACEHOLDER = /\[\{\s*(\w+)(?:\.name)?\s*\|[^\]]*\}\]|\{\s*(\w+)(?:\.name)?\s*\}/g;

interface CompiledTemplate {
  action: string;
  spec: ActionSpec;
  pattern: RegExp;
  /** Literal text around the placeholders: `literals.length === order.length + 1`. */
  literals: string[];
  /** The placeholders in template order. */
  order: string[];
  legacyPut: boolean;
}

/**
 * The commands a game accepts, compiled from its grammar's command templates (`action X { template :: "…" }`):
 * a command is accepted only when it is exactly one template with names in its placeholders (after trimming, as
 * ALFWorld's engine compares it), and admissible commands are rendered from the same templates. Templates of
 * actions memp does not simulate (the receptacle-object variants, absent from alfred.pddl's active actions) are
 * not accepted. `legacyPut` adds the older `put {o} in/on {r}` template for PutObject and nothing else (accepted and
 * listed beside the game's own template).
 */
export class AlfworldCommandSet {
  private readonly byAction = new Map<string, CompiledTemplate[]>();

  private constructor(
    private readonly templates: CompiledTemplate[],
    readonly legacyPut: boolean,
  ) {
    for (const t of templates) {
      const list = this.byAction.get(t.action);
      if (list === undefined) this.byAction.set(t.action, [t]);
      else list.push(t);
    }
  }

  /**
   * Compiles the templates of `grammar` (cached per grammar and option). Throws `INVALID_ARGUMENT` naming `source`
   * when a simulated action's template uses placeholders other than that action's arguments.
   */
  static of(options: { grammar: AlfworldGrammar; source: string; legacyPut?: boolean }): AlfworldCommandSet {
    const legacyPut = options.legacyPut ?? false;
    const key = options.grammar.commandTemplates;
    let pair = cache.get(key);
    if (pair === undefined) cache.set(key, (pair = [undefined, undefined]));
    const slot = legacyPut ? 1 : 0;
    const cached = pair[slot];
    if (cached !== undefined) return cached;
    const declared = Object.keys(key).length > 0 ? key : DEFAULT_COMMAND_TEMPLATES;
    const templates: CompiledTemplate[] = [];
    for (const [name, template] of Object.entries(declared)) {
      const action = name.toLowerCase();
      const spec = SIMULATED_ACTIONS[action];
      if (spec !== undefined)
        templates.push(compile({ action, spec, template, source: options.source, legacyPut: false }));
    }
    if (legacyPut) {
      const spec = SIMULATED_ACTIONS['putobject'] as ActionSpec;
      templates.push(
        compile({ action: 'putobject', spec, template: LEGACY_PUT_TEMPLATE, source: options.source, legacyPut: true }),
      );
    }
    const set = new AlfworldCommandSet(templates, legacyPut);
    pair[slot] = set;
    return set;
  }

  /** Every reading of `text` by the templates, in template order (empty: no template matches). */
  parse(text: string): AlfworldCommand[] {
    const command = text.trim();
    const out: AlfworldCommand[] = [];
    for (const t of this.templates) {
      const m = t.pattern.exec(command);
      if (m === null) continue;
      const args = new Map<string, string>();
      t.order.forEach((role, i) => {
        args.set(role, m[i + 1] as string);
      });
      const [target, tool] = t.spec.roles.map((role) => args.get(role) as string);
      const parsed: AlfworldCommand = { action: t.action, verb: t.spec.verb };
      if (target !== undefined) parsed.target = target;
      if (tool !== undefined) parsed.tool = tool;
      if (t.legacyPut) parsed.legacyPut = true;
      out.push(parsed);
    }
    return out;
  }

  /**
   * The command texts of `action` with `args` (display names by placeholder, e.g. `{ o: 'apple 1', r: 'fridge 1' }`),
   * one per template of the action (PutObject has two under the compatibility option); empty when the grammar has none.
   */
  format(action: string, args: Readonly<Record<string, string>>): string[] {
    const out: string[] = [];
    for (const t of this.byAction.get(action) ?? []) {
      let text = t.literals[0] as string;
      t.order.forEach((role, i) => {
        text += (args[role] ?? '') + (t.literals[i + 1] as string);
      });
      out.push(text);
    }
    return out;
  }

  /** Whether the grammar has a template for `action` (lower-cased). */
  has(action: string): boolean {
    return this.byAction.has(action);
  }
}

const cache = new WeakMap<object, [AlfworldCommandSet | undefined, AlfworldCommandSet | undefined]>();

function compile(options: {
  action: string;
  spec: ActionSpec;
  template: string;
  source: string;
  legacyPut: boolean;
}): CompiledTemplate {
  const { action, spec, template, source } = options;
  const literals: string[] = [];
  const order: string[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(at, m.index));
    order.push((m[1] ?? m[2]) as string);
    at = m.index + m[0].length;
  }
  literals.push(template.slice(at));
  const sameRoles = order.length === spec.roles.length && spec.roles.every((r) => order.includes(r));
  if (!sameRoles || literals.some((l) => /[{}[\]#]/.test(l))) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${source}: grammar template of ${action} is not supported: "${template}" (expected the placeholders ${spec.roles.map((r) => `{${r}}`).join(', ') || 'none'})`,
      {
        details: { file: source, field: 'grammar' },
      },
    );
  }
  const pattern = new RegExp(`^${literals.map(escapeRegExp).join('(.+)')}$`);
  return { action, spec, pattern, literals, order, legacyPut: options.legacyPut };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
