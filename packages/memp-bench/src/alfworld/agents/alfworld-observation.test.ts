import { describe, expect, it } from 'vitest';
import { AlfworldBelief } from './alfworld-belief.js';
import { readObservation } from './alfworld-observation.js';

const INTRO =
  '-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room. Looking quickly around you, you see a cabinet 2, a cabinet 1, a countertop 1, and a sinkbasin 1.\n\nYour task is to: put a clean mug in cabinet.';

describe('readObservation', () => {
  it('reads the room, contents, closed and open receptacles', () => {
    expect(readObservation(INTRO).roomReceptacles).toEqual(['cabinet 2', 'cabinet 1', 'countertop 1', 'sinkbasin 1']);
    const arrive = readObservation('You arrive at countertop 1. On the countertop 1, you see a mug 1, and a apple 2.');
    expect(arrive.arrivedAt).toBe('countertop 1');
    expect(arrive.contents.get('countertop 1')).toEqual(['mug 1', 'apple 2']);
    expect(readObservation('You arrive at cabinet 1. The cabinet 1 is closed.').closed).toEqual(['cabinet 1']);
    const opened = readObservation('You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.');
    expect(opened.open).toEqual(['cabinet 1']);
    expect(opened.contents.get('cabinet 1')).toEqual([]);
    expect(readObservation('You pick up the mug 1 from the countertop 1.').pickedUp).toEqual({
      object: 'mug 1',
      from: 'countertop 1',
    });
  });
});

describe('AlfworldBelief', () => {
  it('tracks location, holdings, what it saw and what it placed', () => {
    const belief = new AlfworldBelief(INTRO);
    expect(belief.instancesOf('cabinet')).toEqual(['cabinet 1', 'cabinet 2']);
    belief.observe('go to countertop 1', 'You arrive at countertop 1. On the countertop 1, you see a mug 1.');
    expect(belief.sightings('mug')).toEqual([{ object: 'mug 1', receptacle: 'countertop 1' }]);
    belief.observe('take mug 1 from countertop 1', 'You pick up the mug 1 from the countertop 1.');
    expect(belief.held).toBe('mug 1');
    expect(belief.sightings('mug')).toEqual([]);
    belief.observe('go to cabinet 1', 'You arrive at cabinet 1. The cabinet 1 is closed.');
    expect(belief.closed.has('cabinet 1')).toBe(true);
    belief.observe('move mug 1 to cabinet 1', 'Nothing happens.');
    expect(belief.held).toBe('mug 1');
    expect(belief.failed.has('move mug 1 to cabinet 1')).toBe(true);
    belief.observe('open cabinet 1', 'You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.');
    belief.observe('move mug 1 to cabinet 1', 'You move the mug 1 to the cabinet 1.');
    expect(belief.held).toBeUndefined();
    expect(belief.placed.has('mug 1')).toBe(true);
    expect(belief.sightings('mug')).toEqual([]);
  });
});
