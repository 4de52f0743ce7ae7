/**
 * @fileoverview Applies a platform profile (src/platforms/load.ts) to the webhooks of a model: the requirements the
 * platform appends to each webhook's namespaceSelector, unless its configuration opts out with the profile's label or
 * annotation. The appended requirements say so (`addedBy`), so the trace and the evidence name the platform.
 */
import type { Webhook } from '../model/types.js';
import type { Requirement } from '../model/selectors.js';
import { describeRequirement, isSelectorError } from '../model/selectors.js';
import type { PlatformProfile } from './load.js';

/** What a platform changed on one webhook. */
export interface PlatformRewrite {
  /** The profile's name (`aks`). */
  readonly platform: string;
  /** The component that rewrote it (`the AKS admissions enforcer`). */
  readonly title: string;
  /** The requirements appended to the namespaceSelector, in order. */
  readonly added: readonly Requirement[];
}

/** True when the configuration carries the profile's opt-out label or annotation. */
export function optsOut(w: Webhook, profile: PlatformProfile): boolean {
  const { key, value } = profile.webhookNamespaceSelector.optOut;
  return w.config.labels[key] === value || w.config.annotations[key] === value;
}

/**
 * The webhook as the platform leaves it. An invalid namespaceSelector is left alone (Kubernetes rejects the
 * configuration before any rewrite); a requirement the selector already holds is not added twice.
 */
export function rewriteWebhook(w: Webhook, profile: PlatformProfile): Webhook {
  if (optsOut(w, profile) || isSelectorError(w.namespaceSelector)) return w;
  const selector = w.namespaceSelector;
  const present = new Set(selector.requirements.map(describeRequirement));
  const added: Requirement[] = [];
  for (const r of profile.webhookNamespaceSelector.append) {
    const req: Requirement = { key: r.key, operator: r.operator, values: [...(r.values ?? [])], path: [...w.path, 'namespaceSelector'], addedBy: profile.name };
    if (present.has(describeRequirement(req))) continue;
    present.add(describeRequirement(req));
    added.push(req);
  }
  if (added.length === 0) return w;
  return {
    ...w,
    namespaceSelector: { requirements: [...selector.requirements, ...added], path: selector.path },
    platform: { platform: profile.name, title: profile.title, added },
  };
}

/** Every webhook as the platform leaves it (input order kept). */
export function rewriteWebhooks(webhooks: readonly Webhook[], profile: PlatformProfile | undefined): Webhook[] {
  return profile ? webhooks.map((w) => rewriteWebhook(w, profile)) : [...webhooks];
}
