/** @fileoverview The built-in rules, one module each; ids must be unique (checked in test/meta.test.ts). */
import type { AnyRule } from '../src/engine/rule.js';
import apiserverProxy from './apiserver-proxy.js';
import conflictingInjectionLabels from './conflicting-injection-labels.js';
import hostNetwork from './host-network.js';
import ignoredNamespace from './ignored-namespace.js';
import imageAutoNotInjected from './image-auto-not-injected.js';
import injectionBlocked from './injection-blocked.js';
import injectionExpectation from './injection-expectation.js';
import injectionNotSelected from './injection-not-selected.js';
import injectionUnknown from './injection-unknown.js';
import invalidInjectionLabel from './invalid-injection-label.js';
import invalidInjectionPolicy from './invalid-injection-policy.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import misplacedInjectAnnotation from './misplaced-inject-annotation.js';
import misplacedInjectionLabel from './misplaced-injection-label.js';
import multipleInjectors from './multiple-injectors.js';
import neverAlwaysSelector from './never-always-selector.js';
import nonStringMetadata from './non-string-metadata.js';
import proxyPrivileged from './proxy-privileged.js';
import proxyUidConflict from './proxy-uid-conflict.js';
import revisionChange from './revision-change.js';
import revisionOverridden from './revision-overridden.js';
import sidecarInAmbientNamespace from './sidecar-in-ambient-namespace.js';
import unknownInjectionKey from './unknown-injection-key.js';
import unknownRevision from './unknown-revision.js';
import webhookCaBundle from './webhook-ca-bundle.js';
import webhookFailsOpen from './webhook-fails-open.js';
import webhookNoEndpoints from './webhook-no-endpoints.js';
import webhookRulesExcludePods from './webhook-rules-exclude-pods.js';
import webhookSelectsSystemNamespace from './webhook-selects-system-namespace.js';

/** Every built-in rule, sorted by id. */
export const BUILTIN_RULES: readonly AnyRule[] = [
  apiserverProxy,
  conflictingInjectionLabels,
  hostNetwork,
  ignoredNamespace,
  imageAutoNotInjected,
  injectionBlocked,
  injectionExpectation,
  injectionNotSelected,
  injectionUnknown,
  invalidInjectionLabel,
  invalidInjectionPolicy,
  jobSidecarBlocksCompletion,
  misplacedInjectAnnotation,
  misplacedInjectionLabel,
  multipleInjectors,
  neverAlwaysSelector,
  nonStringMetadata,
  proxyPrivileged,
  proxyUidConflict,
  revisionChange,
  revisionOverridden,
  sidecarInAmbientNamespace,
  unknownInjectionKey,
  unknownRevision,
  webhookCaBundle,
  webhookFailsOpen,
  webhookNoEndpoints,
  webhookRulesExcludePods,
  webhookSelectsSystemNamespace,
].sort((a, b) => (a.id < b.id ? -1 : 1));
