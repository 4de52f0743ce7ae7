/** @fileoverview Public API of the injection decision engine: verdicts, plus the layer functions rules reuse instead of re-implementing them. */

export type {
  Assumption, CallFailureCause, Layer, Outcome, PredictOptions, ReasonCode, TraceStep, Verdict, VerdictSet,
} from './types.js';

/** Computes every workload's Verdict once (memoized, pure, deterministic); see predict.ts. */
export { predictAll } from './predict.js';

/** Istio versions covered (`1.20`–`1.31`), the default (`1.28`) and version-dependent behaviour. */
export {
  DEFAULT_ISTIO_VERSION, SUPPORTED_ISTIO_VERSIONS, parseIstioMinor, strictInjectValues, validatedAnnotationKeys, chartTemplates,
} from './version.js';

/** Three-valued label evaluation over partly unknown label sets (namespace labels unknown, controller labels opaque). */
export type { LabelSet, Tri, SelectorResult } from './labels.js';
export { evaluateSelector, exactLabels, podLabelSet } from './labels.js';

/** L0: namespace resolution (spec §2 L0, §4.3). */
export type { NamespaceResolution, NamespaceState } from './layers/namespace.js';
export { resolveNamespace, namespaceLabelRef } from './layers/namespace.js';

/** L1–L2: injection webhooks in force (real or assumed) and per-webhook admission matching. */
export type { InjectionWebhookSet, InjectorOverlap, MatchFailureKind, WebhookMatch } from './layers/webhook-match.js';
export {
  ASSUMED_INSTALL_FILE, assumedInstallWebhooks, compareCallOrder, injectionWebhooks, probeMultipleInjectors, revisionsServed,
  webhookLabel, webhookMatches,
} from './layers/webhook-match.js';

/** L4: reachability of a webhook call (SERVICE_MISSING, NO_ENDPOINTS, CABUNDLE_UNPATCHED, APISERVER_PROXY). */
export type { CallFailure, Reachability } from './layers/reachability.js';
export { checkReachability } from './layers/reachability.js';

// native or classic sidecars (spec §2 L8)
export type { KubernetesVersion, NativeSidecarMode } from './native-sidecars.js';
export {
  AUTO_NATIVE_KUBERNETES_MINOR, KUBERNETES_VERSION_FLAG, NATIVE_ANNOTATION_SINCE, NATIVE_SIDECARS_ENV, kubernetesFromNodes, nativeSidecarMode,
  parseKubernetesMinor,
} from './native-sidecars.js';

// sidecar, ambient or none (istio-cni enrolment per release)
export type { Dataplane, DataplaneDecision, EnablementSelectors } from './dataplane.js';
export { CNI_CONFIGMAP, ENABLEMENT_SELECTOR_KEY, decideDataplane, enablementSelectors } from './dataplane.js';

// kube-apiserver's outbound proxy (spec §5.3)
export type { ApiserverProxy, DialTarget, ProxyVar } from './apiserver-proxy.js';
export { apiserverProxies, proxyExempts } from './apiserver-proxy.js';

/** L5: the injector configuration a revision answers with. */
export type { InjectorConfigState, InjectorSelector, ResolvedInjectorConfig } from './layers/injector-config.js';
export { resolveInjectorConfig, webhookRevision } from './layers/injector-config.js';

/** L6: `injectRequired` and the per-pod inject value. */
export type { InjectValue, InjectorDecision } from './layers/inject-required.js';
export { injectRequired, podAloneDecision, readInjectValue } from './layers/inject-required.js';

/** L7: template selection and annotation validation. */
export type { RenderError, RenderResult } from './layers/render.js';
export { checkRender, selectTemplates } from './layers/render.js';
export { isValidatedAnnotation, validateIstioAnnotation } from './validate.js';

/** `lint-injection explain`: a verdict table and a per-workload trace. */
export type { ExplainTableOptions } from './explain.js';
export { formatExplainTable, formatTrace } from './explain.js';
