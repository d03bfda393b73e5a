import { DEFAULT_FEEDBACK } from './alfworld-text.js';

/**
 * The PDDL domain written into generated games: the alfred.pddl actions memp simulates, with the same names,
 * parameters, preconditions and effects (written for memp; ALFWorld's file is not shipped).
 */
export const GENERATED_DOMAIN = `; memp's rendition of the ALFRED household domain (alfred.pddl semantics).
(define (domain alfred)
  (:requirements :adl :typing)
  (:types agent location receptacle object rtype otype)
  (:predicates
    (atLocation ?a - agent ?l - location) (receptacleAtLocation ?r - receptacle ?l - location)
    (objectAtLocation ?o - object ?l - location) (openable ?r - receptacle) (opened ?r - receptacle)
    (inReceptacle ?o - object ?r - receptacle) (isReceptacleObject ?o - object)
    (inReceptacleObject ?inner - object ?outer - object) (receptacleType ?r - receptacle ?t - rtype)
    (canContain ?rt - rtype ?ot - otype) (objectType ?o - object ?t - otype) (holds ?a - agent ?o - object)
    (holdsAny ?a - agent) (isClean ?o - object) (cleanable ?o - object) (isHot ?o - object) (heatable ?o - object)
    (isCool ?o - object) (coolable ?o - object) (pickupable ?o - object) (toggleable ?o - object) (isOn ?o - object)
    (isToggled ?o - object) (sliceable ?o - object) (isSliced ?o - object))
  (:action GotoLocation :parameters (?a - agent ?lStart - location ?lEnd - location ?r - receptacle)
    :precondition (and (atLocation ?a ?lStart) (receptacleAtLocation ?r ?lEnd))
    :effect (and (not (atLocation ?a ?lStart)) (atLocation ?a ?lEnd)))
  (:action OpenObject :parameters (?a - agent ?l - location ?r - receptacle)
    :precondition (and (openable ?r) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (not (opened ?r)))
    :effect (opened ?r))
  (:action CloseObject :parameters (?a - agent ?l - location ?r - receptacle)
    :precondition (and (openable ?r) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (opened ?r))
    :effect (not (opened ?r)))
  (:action PickupObject :parameters (?a - agent ?l - location ?o - object ?r - receptacle)
    :precondition (and (pickupable ?o) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (inReceptacle ?o ?r)
      (not (holdsAny ?a)) (or (not (openable ?r)) (opened ?r)))
    :effect (and (not (inReceptacle ?o ?r)) (holds ?a ?o) (holdsAny ?a) (not (objectAtLocation ?o ?l))))
  (:action PutObject :parameters (?a - agent ?l - location ?o - object ?r - receptacle ?ot - otype ?rt - rtype)
    :precondition (and (holds ?a ?o) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (or (not (openable ?r)) (opened ?r))
      (objectType ?o ?ot) (receptacleType ?r ?rt) (canContain ?rt ?ot))
    :effect (and (inReceptacle ?o ?r) (objectAtLocation ?o ?l) (not (holds ?a ?o)) (not (holdsAny ?a))))
  (:action CleanObject :parameters (?a - agent ?l - location ?r - receptacle ?o - object)
    :precondition (and (cleanable ?o) (or (receptacleType ?r SinkType) (receptacleType ?r SinkBasinType))
      (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (holds ?a ?o))
    :effect (isClean ?o))
  (:action HeatObject :parameters (?a - agent ?l - location ?r - receptacle ?o - object)
    :precondition (and (heatable ?o) (receptacleType ?r MicrowaveType) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (holds ?a ?o))
    :effect (and (isHot ?o) (not (isCool ?o))))
  (:action CoolObject :parameters (?a - agent ?l - location ?r - receptacle ?o - object)
    :precondition (and (coolable ?o) (receptacleType ?r FridgeType) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (holds ?a ?o))
    :effect (and (isCool ?o) (not (isHot ?o))))
  (:action ToggleObject :parameters (?a - agent ?l - location ?o - object ?r - receptacle)
    :precondition (and (toggleable ?o) (atLocation ?a ?l) (receptacleAtLocation ?r ?l) (inReceptacle ?o ?r))
    :effect (and (when (isOn ?o) (not (isOn ?o))) (when (not (isOn ?o)) (isOn ?o)) (isToggled ?o)))
  (:action SliceObject :parameters (?a - agent ?l - location ?co - object ?ko - object)
    :precondition (and (sliceable ?co) (or (objectType ?ko KnifeType) (objectType ?ko ButterKnifeType))
      (atLocation ?a ?l) (objectAtLocation ?co ?l) (holds ?a ?ko))
    :effect (isSliced ?co)))
`;

const ACTIONS: [string, string, string][] = [
  ['GotoLocation', 'go to {r}', 'GotoLocation.feedback'],
  ['OpenObject', 'open {r}', 'OpenObject.feedback'],
  ['CloseObject', 'close {r}', 'CloseObject.feedback'],
  ['PickupObject', 'take {o} from {r}', 'PickupObject.feedback'],
  ['PutObject', 'move {o} to {r}', 'PutObject.feedback'],
  ['HeatObject', 'heat {o} with {r}', 'heatObject.feedback'],
  ['CleanObject', 'clean {o} with {r}', 'cleanObject.feedback'],
  ['CoolObject', 'cool {o} with {r}', 'coolObject.feedback'],
  ['SliceObject', 'slice {co} with {ko}', 'sliceObject.feedback'],
  ['ToggleObject', 'use {o}', 'toggleObject.feedback'],
  ['examineReceptacle', 'examine {r}', 'examineReceptacle.feedback'],
  ['examineObject', 'examine {o}', 'examineObject.feedback'],
  ['inventory', 'inventory', 'inventory.feedback'],
  ['look', 'look', 'look.feedback'],
  ['help', 'help', 'help.feedback'],
];

/** The TextWorld-format grammar of a generated game (the same feedback the simulator renders). */
export function generatedGrammar(taskSentence: string): string {
  const f = DEFAULT_FEEDBACK;
  const rules = {
    intro: [{ rhs: '-= Welcome to TextWorld, ALFRED! =-\n\n#look.feedback#\n\n#task#' }],
    task: [{ rhs: `Your task is to: ${taskSentence}` }],
    'GotoLocation.feedback': [{ rhs: f.goto }],
    'OpenObject.feedback': [{ rhs: f.open }],
    'CloseObject.feedback': [{ rhs: f.close }],
    'PickupObject.feedback': [{ rhs: f.take }],
    'PutObject.feedback': [{ rhs: f.move }],
    'heatObject.feedback': [{ rhs: f.heat }],
    'cleanObject.feedback': [{ rhs: f.clean }],
    'coolObject.feedback': [{ rhs: f.cool }],
    'sliceObject.feedback': [{ rhs: f.slice }],
    'toggleObject.feedback': [
      { condition: 'toggleable(o:object) & istoggled(o:object)', rhs: f.toggleOn },
      { condition: 'toggleable(o:object)', rhs: f.toggleOff },
    ],
    'examineReceptacle.feedback': [
      {
        condition: 'openable(r:receptacle) & opened(r:receptacle)',
        rhs: "The {r.name} is open. In it, you see [{o.indefinite + ' ' + o.name | inreceptacle(o:object, r:receptacle)}].",
      },
      { condition: 'openable(r:receptacle)', rhs: 'The {r.name} is closed.' },
      { rhs: "On the {r.name}, you see [{o.indefinite + ' ' + o.name | inreceptacle(o:object, r:receptacle)}]." },
    ],
    'inventory.feedback': [
      {
        condition: 'holdsany(a:agent)',
        rhs: "You are carrying: [{o.indefinite + ' ' + o.name | holds(a:agent, o:object)}].",
      },
      { rhs: 'You are not carrying anything.' },
    ],
  };
  const blocks = ACTIONS.map(
    ([name, template, feedback]) =>
      `action ${name} {\n    template :: "${template}";\n    feedback :: "#${feedback}#";\n}\n`,
  );
  return `grammar :: """\n${JSON.stringify(rules, null, 4)}\n""";\n\n${blocks.join('\n')}`;
}
