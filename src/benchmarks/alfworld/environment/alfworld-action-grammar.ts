import type { ActionGrammar } from '../../../policies/build/action-grammar.js';

/** ALFWorld's action grammar (DESIGN.md §5), for the offline build and update policies. */
export const ALFWORLD_ACTION_GRAMMAR: ActionGrammar = {
  failure: [/^\s*nothing happens\.?\s*$/i],
  navigation: /^go to\s+/i,
  inspection: /^(look|inventory|examine\b.*)$/i,
  open: /^open\s+(.+)$/i,
  close: /^close\s+(.+)$/i,
  take: /^take\s+(.+?)\s+from\s+(.+)$/i,
  put: /^(?:move|put)\s+(.+?)\s+(?:to|in|on|into|in\/on)\s+(.+)$/i,
  directObject: /^[a-z]+\s+(.+?)(?:\s+(?:from|to|with|in|on|into|using)\s+.+)?$/i,
  abstractInstances: true,
};
