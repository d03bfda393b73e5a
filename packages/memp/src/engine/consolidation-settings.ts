import { MempError } from '../core/errors.js';
import {
  type ConsolidationRule,
  DEFAULT_CONSOLIDATION_RULE,
  invalidRuleField,
} from '../policies/update/consolidation-rule.js';
import { invalidRetentionField, type RetentionRule } from '../policies/update/retention-rule.js';

/**
 * Consolidation on learn, as `createMemp` accepts it: `true` for the default rule, a partial rule to change some
 * thresholds, `false` for the paper's behaviour (every success becomes a new memory).
 */
export type ConsolidateOption = boolean | Partial<ConsolidationRule>;

/** Retention limits for every namespace, with optional per-namespace limits that replace them. */
export type RetentionOption = RetentionRule & { namespaces?: Record<string, RetentionRule> };

/** Whether the engine consolidates on learn when `consolidate` is not given. See README, "Consolidation". */
export const CONSOLIDATE_BY_DEFAULT = false;

/** The rule `consolidate` stands for (undefined: consolidation on learn is off). `INVALID_ARGUMENT` on a bad threshold. */
export function resolveConsolidation(option: ConsolidateOption | undefined): ConsolidationRule | undefined {
  const value = option ?? CONSOLIDATE_BY_DEFAULT;
  if (value === false) return undefined;
  return consolidationRule(value === true ? {} : value);
}

/** A full rule from a partial one; `INVALID_ARGUMENT` naming the bad field. */
export function consolidationRule(partial: Partial<ConsolidationRule>): ConsolidationRule {
  const rule = { ...DEFAULT_CONSOLIDATION_RULE, ...partial };
  const bad = invalidRuleField(rule);
  if (bad)
    throw new MempError('INVALID_ARGUMENT', `consolidate.${bad} is out of range`, {
      details: { field: `consolidate.${bad}` },
    });
  return rule;
}

/** The retention limits of `namespace` (undefined: none). `INVALID_ARGUMENT` naming a bad limit. */
export function retentionFor(option: RetentionOption | undefined, namespace: string): RetentionRule | undefined {
  if (option === undefined) return undefined;
  const { namespaces, ...base } = option;
  const rule = namespaces?.[namespace] ?? base;
  const bad = invalidRetentionField(rule);
  if (bad)
    throw new MempError('INVALID_ARGUMENT', `retention.${bad} is out of range`, {
      details: { field: `retention.${bad}`, namespace },
    });
  return rule.maxActive === undefined && rule.expireAfterDays === undefined ? undefined : rule;
}
