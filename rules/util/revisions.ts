/** @fileoverview Revisions and tags the injection webhooks of the inputs serve; shared by revision rules. */
import type { ClusterModel } from '../../src/model/types.js';
import { injectionWebhooks, revisionsServed } from '../../src/injection/index.js';

/**
 * The revisions and tags served by the injection webhooks of the inputs, or `undefined` when the inputs hold none
 * that is called for pods (then the install is assumed or unknown, and an unlisted revision is only UNKNOWN, §4.1).
 */
export function servedRevisionsInInputs(model: ClusterModel): ReadonlySet<string> | undefined {
  const set = injectionWebhooks(model, { assumeDefaults: false });
  if (set.assumed || set.unknown) return undefined;
  // Webhooks that are never called for pods say nothing about revisions (webhook-rules-exclude-pods reports them).
  if (!set.webhooks.some((h) => h.coversPodCreate && !h.deactivated)) return undefined;
  return revisionsServed(model, { assumeDefaults: false });
}

/** `a, b` or `none`, for messages. */
export function listRevisions(served: ReadonlySet<string>): string {
  return served.size === 0 ? 'none' : [...served].sort().join(', ');
}
