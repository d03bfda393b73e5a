import { taskNames } from './task-names.js';

/** How a memory's names map onto the current task's. */
export interface NameBinding {
  /** Remembered type → current type, for the names of the memory's task sentence. Unlisted types stay as remembered. */
  map: Map<string, string>;
  /** Both task sentences name the same number of things, so the pairing is positional and unambiguous. */
  aligned: boolean;
  /** The memory's task sentence and the current one use the same words apart from the names (same phrasing). */
  samePhrasing: boolean;
}

/**
 * Aligns a memory's task sentence with the current one: the names each sentence mentions (see {@link taskNames})
 * are paired in order — `put a clean apple in fridge` vs `put a clean mug in cabinet` gives apple→mug and
 * fridge→cabinet. When the sentences name different numbers of things, names present in both map to
 * themselves and the rest pair in order.
 */
export function rebindNames(options: {
  memoryTask: string;
  task: string;
  /** Words known to be names (receptacle types of the room, types the memory's procedure uses). */
  names?: ReadonlySet<string>;
}): NameBinding {
  const namesOption = options.names === undefined ? {} : { names: options.names };
  const remembered = taskNames({ task: options.memoryTask, ...namesOption });
  const current = taskNames({ task: options.task, ...namesOption });
  const map = new Map<string, string>();
  const aligned = remembered.length === current.length;
  if (aligned) {
    remembered.forEach((word, i) => {
      map.set(word, current[i] as string);
    });
  } else {
    const restRemembered = remembered.filter((w) => !current.includes(w));
    const restCurrent = current.filter((w) => !remembered.includes(w));
    for (const word of remembered) if (current.includes(word)) map.set(word, word);
    restRemembered.forEach((word, i) => {
      const target = restCurrent[i];
      if (target !== undefined) map.set(word, target);
    });
  }
  const skeleton = (task: string, names: string[]) =>
    task
      .toLowerCase()
      .replace(/[^a-z\s]/g, ' ')
      .split(/\s+/)
      .filter((w) => w !== '' && !names.includes(w))
      .join(' ');
  return {
    map,
    aligned,
    samePhrasing: aligned && skeleton(options.memoryTask, remembered) === skeleton(options.task, current),
  };
}
