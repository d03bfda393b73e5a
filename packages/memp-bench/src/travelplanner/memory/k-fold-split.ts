import { MempError } from 'memp';
import { createSeededRandom } from 'memp/internal';

/**
 * Splits `ids` into `folds` disjoint groups after a seeded shuffle (sizes differ by at most one). Evaluating fold f
 * with memory built from the other folds means no query ever retrieves its own gold plan. `INVALID_ARGUMENT` when
 * `folds` is not an integer in 2..ids.length.
 */
export function kFoldSplit<T>(options: { ids: readonly T[]; folds: number; seed: number }): T[][] {
  const { ids, folds } = options;
  if (!Number.isInteger(folds) || folds < 2 || folds > ids.length) {
    throw new MempError('INVALID_ARGUMENT', `--folds must be an integer from 2 to ${ids.length}`, {
      details: { field: 'folds', value: folds },
    });
  }
  const random = createSeededRandom(options.seed);
  const order = [...ids];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as T, order[i] as T];
  }
  return Array.from({ length: folds }, (_, f) => order.filter((_, i) => i % folds === f));
}
