/** @fileoverview Facts about a pod template that several layers and rules read (not decisions: see src/injection). */
import type { YamlPath } from '../types.js';
import type { Workload } from './types.js';
import { INJECT_KEY, REV_LABEL } from './istio-keys.js';

/** How a pod template asks for injection, if it does. */
export interface InjectionRequest {
  source: 'label' | 'annotation' | 'revision-label';
  /** Path of the key that asks. */
  path: YamlPath;
  value: string;
}

/**
 * The pod template's explicit request for a sidecar: inject label `"true"`, inject annotation `"true"` (only when
 * no inject label is present: the label wins, inject.go injectRequired), or an `istio.io/rev` label.
 */
export function injectionRequest(w: Workload): InjectionRequest | undefined {
  const { labels, annotations, metadataPath } = w.template;
  if (INJECT_KEY in labels) {
    if (labels[INJECT_KEY] === 'true') return { source: 'label', path: [...metadataPath, 'labels', INJECT_KEY], value: 'true' };
  } else if (annotations[INJECT_KEY] === 'true') {
    return { source: 'annotation', path: [...metadataPath, 'annotations', INJECT_KEY], value: 'true' };
  }
  if (REV_LABEL in labels && labels[INJECT_KEY] !== 'false') {
    return { source: 'revision-label', path: [...metadataPath, 'labels', REV_LABEL], value: labels[REV_LABEL]! };
  }
  return undefined;
}
