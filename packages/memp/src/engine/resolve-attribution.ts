import { type Attribution, AttributionSchema, LOCAL_SOURCE } from '../core/evidence.js';
import { MempError } from '../core/errors.js';

/** Who a call says it comes from: a source (agent or run id) and, for embedded callers, its trust. */
export interface AttributionOption {
  /** An agent or run id; default `local`. Servers set it to the caller's API key (`key:<id>`). */
  source?: string;
  /** Default `trusted`: an embedded caller is the owner of its store. Servers set it from the key. */
  trust?: Attribution['trust'];
}

/** The {@link Attribution} of a call from its `attribution` option (`INVALID_ARGUMENT` naming the field). */
export function resolveAttribution(option: AttributionOption | undefined): Attribution {
  if (option === undefined) return { source: LOCAL_SOURCE, trust: 'trusted' };
  const parsed = AttributionSchema.safeParse({ source: LOCAL_SOURCE, trust: 'trusted', ...option });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['attribution', ...(issue?.path ?? [])].join('.');
    throw new MempError('INVALID_ARGUMENT', `invalid ${field}: ${issue?.message ?? 'bad input'}`, {
      details: { field },
    });
  }
  return parsed.data;
}
