/**
 * English stop words: articles, pronouns, auxiliaries, conjunctions, prepositions and other
 * function words, lowercase, without apostrophes (matching {@link tokenize}'s output, e.g. `dont`).
 * Content verbs that carry the procedure (`put`, `take`, `heat`, `open`, `go`, …) are deliberately
 * not stop words.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // articles and determiners
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'either',
  'neither', 'no', 'all', 'both', 'few', 'more', 'most', 'other', 'such', 'own', 'same', 'another',
  // pronouns
  'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves', 'you', 'your',
  'yours', 'yourself', 'yourselves', 'he', 'him', 'his', 'himself', 'she', 'her', 'hers',
  'herself', 'it', 'its', 'itself', 'they', 'them', 'their', 'theirs', 'themselves', 'what',
  'which', 'who', 'whom', 'whose',
  // auxiliaries and modals
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'do',
  'does', 'did', 'doing', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might',
  'must', 'ought',
  // contractions (apostrophes removed by tokenize)
  'im', 'ive', 'youre', 'youve', 'youll', 'youd', 'hes', 'shes', 'weve',
  'theyre', 'theyve', 'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent', 'hadnt', 'doesnt',
  'dont', 'didnt', 'wont', 'wouldnt', 'shant', 'shouldnt', 'cant', 'cannot', 'couldnt', 'mustnt',
  'thats', 'whats', 'theres', 'heres',
  // conjunctions
  'and', 'but', 'or', 'nor', 'so', 'yet', 'if', 'then', 'else', 'because', 'as', 'until', 'while',
  'although', 'though', 'unless', 'whether', 'than',
  // prepositions and particles
  'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through', 'during',
  'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off',
  'over', 'under', 'onto', 'upon', 'within', 'without', 'inside', 'outside', 'near', 'beside',
  'behind', 'toward', 'towards', 'across', 'along', 'around', 'via', 'per',
  // adverbs and other function words
  'again', 'further', 'once', 'here', 'there', 'when', 'where', 'why', 'how', 'very', 'too',
  'only', 'just', 'also', 'not', 'now', 'ever', 'never', 'still', 'even', 's', 't', 'd', 'll',
  'm', 're', 've',
]);
