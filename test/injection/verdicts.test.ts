/** @fileoverview Conformance table for the decision engine: spec §7 scenarios and cases derived from Istio's TestInjectRequired. */
import { describe, expect, it } from 'vitest';
import type { CallFailureCause, Layer, Outcome, ReasonCode } from '../../src/injection/types.js';
import { injectorConfigMap, istiod, modelOf, mwc, ns, stream, verdictOf, workload } from './fixtures.js';

/** One row: manifests → workload → expected outcome, deciding layer and reason (Istio's testGrid style). */
interface Row {
  name: string;
  /** The spec section (or upstream test) the row checks. */
  section: string;
  manifests: string | Readonly<Record<string, string>>;
  workload: string;
  outcome: Outcome;
  layer: Layer;
  reason: ReasonCode;
  revision?: string | null;
  cause?: CallFailureCause;
  hints?: readonly ReasonCode[];
  noHints?: readonly ReasonCode[];
  likely?: 'injected' | 'not-injected';
  matched?: number;
  /** The one-line message must match. */
  message?: RegExp;
  istioVersion?: string;
  assumeDefaults?: boolean;
  defaultNamespace?: string;
}

const W = 'Deployment shop/web';
const enabled = ns('shop', { 'istio-injection': 'enabled' });
const bare = ns('shop');
const web = (o: Parameters<typeof workload>[1] = {}) => workload('web', o);
const cfg = (o: Parameters<typeof injectorConfigMap>[0] = {}) => injectorConfigMap(o);
const fooExists = (key: string) => `- matchExpressions:\n  - key: ${key}\n    operator: Exists`;
const apiserver = (env: Readonly<Record<string, string>>) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  labels:
    component: kube-apiserver
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.30.0
    command:
    - kube-apiserver
    - --service-cluster-ip-range=10.96.0.0/12
    env:
${Object.entries(env).map(([k, v]) => `    - name: ${k}\n      value: ${JSON.stringify(v)}`).join('\n')}
`;

const rows: Row[] = [
  // ---- spec §7 worked scenarios ----
  { name: '§7.1 namespace istio-injection=enabled', section: '§7 #1', manifests: stream(enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default', matched: 1 },
  { name: '§7.2 unlabelled namespace, plain pod', section: '§7 #2', manifests: stream(bare, web()), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', matched: 0, message: /namespace shop has neither istio-injection=enabled nor istio\.io\/rev/ },
  { name: '§7.3 pod label inject=true in unlabelled namespace', section: '§7 #3', manifests: stream(bare, web({ labels: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_LABEL', revision: 'default' },
  { name: '§7.4 annotation-only opt-in is invisible to webhooks', section: '§7 #4', manifests: stream(bare, web({ annotations: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', hints: ['ANNOTATION_NOT_SEEN_BY_WEBHOOK'] },
  { name: '§7.5 pod label inject=false in enabled namespace', section: '§7 #5', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', matched: 0, message: /pod label sidecar\.istio\.io\/inject="false" excludes it/ },
  { name: '§7.6 annotation inject=false in enabled namespace', section: '§7 #6', manifests: stream(enabled, web({ annotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_ANNOTATION', matched: 1 },
  { name: '§7.7 annotation on Deployment.metadata has no effect', section: '§7 #7', manifests: stream(enabled, web({ ownAnnotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default' },
  { name: '§7.8 hostNetwork in enabled namespace', section: '§7 #8', manifests: stream(enabled, web({ hostNetwork: true })), workload: W, outcome: 'not-injected', layer: 'host-network', reason: 'HOST_NETWORK', matched: 1 },
  { name: '§7.9 kube-system labelled enabled', section: '§7 #9', manifests: stream(ns('kube-system', { 'istio-injection': 'enabled' }), web({ namespace: 'kube-system' })), workload: 'Deployment kube-system/web', outcome: 'not-injected', layer: 'ignored-namespace', reason: 'IGNORED_NAMESPACE', matched: 1 },
  { name: '§7.10 istio-injection=disabled beats pod inject=true', section: '§7 #10', manifests: stream(ns('shop', { 'istio-injection': 'disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', message: /label istio-injection="disabled" stops every Istio webhook/ },
  { name: '§7.11 inject "False" on 1.26 is an explicit no', section: '§7 #11, §8.1', istioVersion: '1.26', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'False' } })), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_LABEL', matched: 1 },
  { name: '§7.11 inject "False" on 1.20 is an explicit no', section: '§7 #11, §8.1', istioVersion: '1.20', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'False' } })), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_LABEL' },
  { name: '§7.11 inject "False" on 1.27 is invalid and falls through', section: '§7 #11, §8.1', istioVersion: '1.27', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'False' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', hints: ['INVALID_INJECT_VALUE'] },
  { name: '§7.11 inject "False" on 1.28 is invalid and falls through', section: '§7 #11, §8.1', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'False' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default', hints: ['INVALID_INJECT_VALUE'] },
  { name: '§7.12 inject "yes" with policy disabled on 1.26 opts in', section: '§7 #12, §8.1', istioVersion: '1.26', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'yes' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_LABEL', noHints: ['INVALID_INJECT_VALUE'] },
  { name: '§7.12 inject "yes" with policy disabled on 1.28 falls to policy', section: '§7 #12, §8.1', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'yes' } })), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_DISABLED_DEFAULT', hints: ['INVALID_INJECT_VALUE'] },
  { name: '§7.13 label true wins over annotation false', section: '§7 #13', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_LABEL' },
  { name: '§7.14 empty label shadows annotation false', section: '§7 #14', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': '' }, annotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: '§7.15 policy disabled, no opt-in', section: '§7 #15', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web()), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_DISABLED_DEFAULT' },
  { name: '§7.16 alwaysInjectSelector under policy disabled', section: '§7 #16', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled', always: '- matchLabels:\n    app: web' }), web()), workload: W, outcome: 'injected', layer: 'always-inject-selector', reason: 'ALWAYS_INJECT_SELECTOR', revision: 'default' },
  { name: '§7.17 never beats always', section: '§7 #17', manifests: stream(enabled, cfg({ never: fooExists('openshift.io/build.name'), always: '- matchLabels:\n    app: web' }), web({ labels: { 'openshift.io/build.name': 'b1' } })), workload: W, outcome: 'not-injected', layer: 'never-inject-selector', reason: 'NEVER_INJECT_SELECTOR' },
  { name: '§7.18 explicit value skips selectors', section: '§7 #18', manifests: stream(enabled, cfg({ never: fooExists('openshift.io/build.name') }), web({ labels: { 'openshift.io/build.name': 'b1', 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_LABEL' },
  { name: '§7.19 empty neverInjectSelector entry never matches', section: '§7 #19', manifests: stream(enabled, cfg({ never: '- {}' }), web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: '§7.20 policy "Enabled" is invalid, even explicit opt-in is refused', section: '§7 #20', manifests: stream(enabled, cfg({ policyLine: 'policy: Enabled' }), web({ labels: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_INVALID' },
  { name: '§7.20 missing policy is invalid', section: '§7 #20', manifests: stream(enabled, cfg({ policyLine: null }), web()), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_INVALID' },
  { name: '§7.21 revision canary via namespace istio.io/rev', section: '§7 #21', manifests: stream(mwc({ revision: 'canary' }), ns('shop', { 'istio.io/rev': 'canary' }), web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'canary', matched: 1 },
  { name: '§7.22 namespace points at an uninstalled revision', section: '§7 #22, §4.1', manifests: stream(mwc(), ns('shop', { 'istio.io/rev': 'canary' }), web()), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', message: /istio\.io\/rev=canary, but no injection webhook selects that revision/ },
  { name: '§7.22 unknown revision under the assumed install', section: '§7 #22, §4.1', manifests: stream(ns('shop', { 'istio.io/rev': 'canary' }), web()), workload: W, outcome: 'unknown', layer: 'webhook-match', reason: 'REVISION_UNKNOWN' },
  { name: '§7.23 istio-injection wins over istio.io/rev', section: '§7 #23, §3.4', manifests: stream(mwc(), mwc({ revision: 'canary' }), ns('shop', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }), web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default', matched: 1 },
  { name: '§7.23 only canary installed: istio-injection=enabled injects nothing', section: '§7 #23, §8.4', manifests: stream(mwc({ revision: 'canary' }), ns('shop', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }), web()), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', message: /istio-injection=enabled, but no injection webhook serves that label/ },
  { name: '§7.24 pod istio.io/rev=canary in unlabelled namespace', section: '§7 #24', manifests: stream(mwc(), mwc({ revision: 'canary' }), bare, web({ labels: { 'istio.io/rev': 'canary', 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_LABEL', revision: 'canary', matched: 1 },
  { name: '§7.25 tag prod resolves to revision 1-28', section: '§7 #25, §3.2', manifests: stream(mwc({ revision: '1-28' }), mwc({ revision: '1-28', selects: 'prod', tag: 'prod', legacy: false }), ns('shop', { 'istio.io/rev': 'prod' }), web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: '1-28', matched: 1 },
  { name: '§7.26 default tag after istioctl tag set default', section: '§7 #26, §3.3', manifests: stream(mwc({ deactivated: true }), mwc({ revision: '1-28', selects: 'default', tag: 'default', legacy: true }), enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: '1-28', matched: 1 },
  { name: '§7.27 unrevisioned install plus default tag overlap', section: '§7 #27, §2 L3', manifests: stream(mwc(), mwc({ selects: 'default', tag: 'default', legacy: true }), enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default', hints: ['MULTIPLE_INJECTORS'], matched: 2 },
  { name: '§7.28 enableNamespacesByDefault injects unlabelled namespaces', section: '§7 #28', manifests: stream(mwc({ auto: true }), bare, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default', matched: 1 },
  { name: '§7.29 auto. skips kube-node-lease', section: '§7 #29', manifests: stream(mwc({ auto: true }), ns('kube-node-lease'), web({ namespace: 'kube-node-lease' })), workload: 'Deployment kube-node-lease/web', outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH' },
  { name: '§7.30 auto. needs the inject key absent', section: '§7 #30', manifests: stream(mwc({ auto: true }), bare, web({ labels: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH' },
  { name: '§7.31 istiod scaled to zero, failurePolicy Fail', section: '§7 #31, §5.2', manifests: stream(mwc(), istiod({ replicas: 0 }), enabled, web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'NO_ENDPOINTS' },
  { name: '§7.31 a hostNetwork pod is blocked too', section: '§7 #31, §2 L4', manifests: stream(mwc(), istiod({ replicas: 0 }), enabled, web({ hostNetwork: true })), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'NO_ENDPOINTS' },
  { name: '§7.32 istiod scaled to zero, failurePolicy Ignore', section: '§7 #32', manifests: stream(mwc({ failurePolicy: 'Ignore' }), istiod({ replicas: 0 }), enabled, web()), workload: W, outcome: 'not-injected', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_OPEN', cause: 'NO_ENDPOINTS' },
  { name: '§7.33 MWC without istio.io/rev label and empty caBundle', section: '§7 #33, §5.1', manifests: stream(mwc({ noRevLabel: true }), enabled, web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'CABUNDLE_UNPATCHED' },
  { name: '§7.34 chart MWC with empty caBundle is patched at runtime', section: '§7 #34, §5.1', manifests: stream(mwc(), istiod(), enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default' },
  { name: '§7.35 kube-apiserver behind an HTTPS proxy', section: '§7 #35, §5.3', manifests: stream(apiserver({ https_proxy: 'http://proxy.corp:3128', no_proxy: '127.0.0.1,localhost' }), enabled, web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'APISERVER_PROXY' },
  { name: '§7.35 NO_PROXY covering .svc avoids the proxy', section: '§5.3', manifests: stream(apiserver({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '127.0.0.1,.svc' }), enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: '§7.35 NO_PROXY covering the service CIDR avoids the proxy', section: '§5.3', manifests: stream(apiserver({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '10.0.0.0/8' }), enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: '§7.36 unknown template requested', section: '§7 #36, §2 L7', manifests: stream(enabled, web({ annotations: { 'inject.istio.io/templates': 'custom' } })), workload: W, outcome: 'blocked', layer: 'render', reason: 'TEMPLATE_NOT_FOUND' },
  { name: '§7.37 invalid excludeOutboundPorts', section: '§7 #37, validate.go', manifests: stream(enabled, web({ annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': 'abc' } })), workload: W, outcome: 'blocked', layer: 'render', reason: 'INVALID_ANNOTATION_VALUE' },
  { name: '§7.38 gateway with image auto in a disabled namespace', section: '§7 #38, §2 L8', manifests: stream(ns('shop', { 'istio-injection': 'disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'inject.istio.io/templates': 'gateway' }, proxyImageAuto: true })), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH', hints: ['IMAGE_AUTO_NOT_INJECTED'] },
  { name: '§7.39 Job on 1.26 keeps running', section: '§7 #39, §2 L8', istioVersion: '1.26', manifests: stream(enabled, workload('batch', { kind: 'Job' })), workload: 'Job shop/batch', outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', hints: ['JOB_SIDECAR_KEEPS_RUNNING'] },
  { name: '§7.39 Job with native sidecar annotation', section: '§7 #39', istioVersion: '1.26', manifests: stream(enabled, workload('batch', { kind: 'Job', annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } })), workload: 'Job shop/batch', outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', noHints: ['JOB_SIDECAR_KEEPS_RUNNING'] },
  { name: '§7.40 ambient namespace with sidecar injection', section: '§7 #40, §2 L8', manifests: stream(ns('shop', { 'istio-injection': 'enabled', 'istio.io/dataplane-mode': 'ambient' }), web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', hints: ['AMBIENT_AND_SIDECAR'] },
  { name: '§7.41 namespace unresolved', section: '§7 #41, §4.4', manifests: web({ namespace: null }), workload: 'Deployment ?/web', outcome: 'unknown', layer: 'namespace', reason: 'NAMESPACE_UNRESOLVED' },
  { name: '§7.41 namespace unresolved but label false', section: '§7 #41, §4.3', manifests: web({ namespace: null, labels: { 'sidecar.istio.io/inject': 'false' } }), workload: 'Deployment ?/web', outcome: 'not-injected', layer: 'webhook-match', reason: 'NO_WEBHOOK_MATCH' },
  { name: '§7.41 --namespace resolves it', section: '§2 L0', defaultNamespace: 'shop', manifests: stream(enabled, web({ namespace: null })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: '§7.42 Namespace object absent, pod opts in', section: '§7 #42, §4.3', manifests: web({ labels: { 'sidecar.istio.io/inject': 'true' } }), workload: W, outcome: 'unknown', layer: 'namespace', reason: 'NAMESPACE_LABELS_UNKNOWN', likely: 'injected' },
  { name: '§7.42 Namespace object absent, plain pod', section: '§4.3', manifests: web(), workload: W, outcome: 'unknown', layer: 'namespace', reason: 'NAMESPACE_LABELS_UNKNOWN' },
  { name: '§7.43 custom MWC with matchConditions', section: '§7 #43, §2 L2.4', manifests: stream(mwc().replace('  admissionReviewVersions: ["v1"]\n  namespaceSelector:\n    matchExpressions:\n    - key: istio-injection\n      operator: In', '  admissionReviewVersions: ["v1"]\n  matchConditions:\n  - name: not-dry-run\n    expression: "true"\n  namespaceSelector:\n    matchExpressions:\n    - key: istio-injection\n      operator: In'), enabled, web()), workload: W, outcome: 'unknown', layer: 'webhook-match', reason: 'MATCH_CONDITIONS' },
  { name: '§7.44 istio.io/rev=default on the unrevisioned install', section: '§7 #44', manifests: stream(ns('shop', { 'istio.io/rev': 'default' }), web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', revision: 'default', matched: 1 },

  // ---- §4.3 pod-alone decisions without namespace labels ----
  { name: '§4.3 annotation-only false without Namespace object', section: '§4.3 second bullet', manifests: web({ annotations: { 'sidecar.istio.io/inject': 'false' } }), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' },
  { name: '§4.3 hostNetwork without Namespace object', section: '§4.3', manifests: web({ hostNetwork: true }), workload: W, outcome: 'not-injected', layer: 'host-network', reason: 'HOST_NETWORK' },
  { name: '§4.3 ignored namespace without Namespace object', section: '§4.3', manifests: web({ namespace: 'kube-system' }), workload: 'Deployment kube-system/web', outcome: 'not-injected', layer: 'ignored-namespace', reason: 'IGNORED_NAMESPACE' },
  { name: '§4.1 no webhooks and defaults not assumed', section: '§4.1', assumeDefaults: false, manifests: stream(enabled, web()), workload: W, outcome: 'unknown', layer: 'webhook-match', reason: 'WEBHOOKS_UNKNOWN' },
  { name: '§4.1 no webhooks, not assumed, hostNetwork is still decided', section: '§4.1, §4.4', assumeDefaults: false, manifests: stream(enabled, web({ hostNetwork: true })), workload: W, outcome: 'not-injected', layer: 'host-network', reason: 'HOST_NETWORK' },
  { name: '§4.4.3 custom webhook on an opaque controller label', section: '§4.4.3', manifests: stream(mwc().replace('    - key: sidecar.istio.io/inject\n      operator: In\n      values: ["true"]', '    - key: pod-template-hash\n      operator: In\n      values: ["abc"]'), bare, web()), workload: W, outcome: 'unknown', layer: 'webhook-match', reason: 'OPAQUE_LABEL_VALUE' },

  // ---- other layers ----
  { name: 'L2 rules not covering pod CREATE', section: '§2 L2.1', manifests: stream(mwc().replace(/operations: \[ "CREATE" \]/g, 'operations: [ "UPDATE" ]'), enabled, web()), workload: W, outcome: 'not-injected', layer: 'webhook-match', reason: 'WEBHOOK_RULES_EXCLUDE' },
  { name: 'L2 no webhook covers pod CREATE: decided even with an unresolved namespace', section: '§2 L2.1, §4.4', manifests: stream(mwc().replace(/operations: \[ "CREATE" \]/g, 'operations: [ "UPDATE" ]'), workload('web', { namespace: null })), workload: 'Deployment ?/web', outcome: 'not-injected', layer: 'webhook-match', reason: 'WEBHOOK_RULES_EXCLUDE' },
  { name: 'L4 Service missing while istiod is in the inputs', section: '§5.2', manifests: stream(mwc({ revision: 'canary' }), istiod({ revision: 'canary' }).split('---\n')[1]!, ns('shop', { 'istio.io/rev': 'canary' }), web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'SERVICE_MISSING' },
  { name: 'L4 targetPort not a container port', section: '§5.2', manifests: stream(mwc(), istiod({ targetPort: 9443 }), enabled, web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'NO_ENDPOINTS' },
  { name: 'L4 istiod with caBundle patching disabled', section: '§5.1', manifests: stream(mwc(), istiod({ patch: false }), enabled, web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'CABUNDLE_UNPATCHED' },
  { name: 'L4 injector not serving (omitSidecarInjectorConfigMap)', section: '§4.2', manifests: stream(mwc(), istiod(), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\n  namespace: istio-system\ndata:\n  merged-values: |-\n    {"global": {"omitSidecarInjectorConfigMap": true}}\n', enabled, web()), workload: W, outcome: 'blocked', layer: 'reachability', reason: 'WEBHOOK_CALL_FAILS_CLOSED', cause: 'INJECTOR_NOT_SERVING' },
  { name: 'L5 YAML boolean policy cannot be loaded', section: '§2 L5', manifests: stream(enabled, cfg({ policyLine: 'policy: true' }), web()), workload: W, outcome: 'unknown', layer: 'injector-config', reason: 'INJECTOR_CONFIG_INVALID' },
  { name: 'L7 values "null" deny every pod', section: '§2 L7', manifests: stream(enabled, cfg({ values: 'null' }), web()), workload: W, outcome: 'blocked', layer: 'render', reason: 'VALUES_UNPARSABLE' },
  { name: 'L7 config without the sidecar template', section: '§2 L5, L7', manifests: stream(enabled, cfg({ templates: ['gateway'] }), web()), workload: W, outcome: 'blocked', layer: 'render', reason: 'TEMPLATE_NOT_FOUND' },
  { name: 'L7 gateway template exists in the chart', section: '§2 L7', manifests: stream(enabled, web({ annotations: { 'inject.istio.io/templates': 'gateway' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: 'L7 proxyCPU validated from 1.27', section: 'validate.go (1.27.6+)', manifests: stream(enabled, web({ annotations: { 'sidecar.istio.io/proxyCPU': '100 m' } })), workload: W, outcome: 'blocked', layer: 'render', reason: 'INVALID_ANNOTATION_VALUE' },
  { name: 'L7 proxyCPU not validated on 1.26', section: 'validate.go (1.26)', istioVersion: '1.26', manifests: stream(enabled, web({ annotations: { 'sidecar.istio.io/proxyCPU': '100 m' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: 'L3 non-Istio pod mutator sorting earlier', section: '§2 L3', manifests: stream(mwc(), 'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: aaa-mutator\nwebhooks:\n- name: mutate.example.com\n  clientConfig:\n    service:\n      name: mutator\n      namespace: tools\n  rules:\n  - operations: ["CREATE"]\n    apiGroups: [""]\n    apiVersions: ["v1"]\n    resources: ["pods"]\n', enabled, web()), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', hints: ['OTHER_MUTATORS_PRESENT'] },

  // ---- derived from istio/istio pkg/kube/inject/webhook_test.go TestInjectRequired (our fixtures; namespace enabled) ----
  { name: 'TestInjectRequired force-on-policy (annotation true, enabled)', section: 'webhook_test.go', manifests: stream(enabled, web({ annotations: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_ANNOTATION' },
  { name: 'TestInjectRequired force-on-policy (annotation true, disabled)', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ annotations: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_ANNOTATION' },
  { name: 'TestInjectRequired force-off-policy (annotation false, disabled)', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ annotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' },
  { name: 'TestInjectRequired invalid-inject-value-yes (enabled)', section: 'webhook_test.go', manifests: stream(enabled, web({ annotations: { 'sidecar.istio.io/inject': 'yes' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', hints: ['INVALID_INJECT_VALUE'] },
  { name: 'TestInjectRequired invalid-inject-value-on (disabled)', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ annotations: { 'sidecar.istio.io/inject': 'on' } })), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_DISABLED_DEFAULT', hints: ['INVALID_INJECT_VALUE'] },
  { name: 'TestInjectRequired invalid-inject-value-random label (enabled)', section: 'webhook_test.go', manifests: stream(enabled, web({ labels: { 'sidecar.istio.io/inject': 'random' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT', hints: ['INVALID_INJECT_VALUE'] },
  { name: 'TestInjectRequired wrong-policy', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: wrong_policy' }), web()), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_INVALID' },
  { name: 'TestInjectRequired policy-enabled-always-inject-with-labels (no match)', section: 'webhook_test.go', manifests: stream(enabled, cfg({ always: '- matchLabels:\n    foo: bar' }), web({ labels: { foo: 'bar1' } })), workload: W, outcome: 'injected', layer: 'policy', reason: 'POLICY_ENABLED_DEFAULT' },
  { name: 'TestInjectRequired policy-disabled-always-inject-no-labels', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled', always: '- matchLabels:\n    foo: bar' }), web()), workload: W, outcome: 'not-injected', layer: 'policy', reason: 'POLICY_DISABLED_DEFAULT' },
  { name: 'TestInjectRequired policy-disabled-never-inject-with-labels', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled', never: '- matchLabels:\n    foo: bar' }), web({ labels: { foo: 'bar' } })), workload: W, outcome: 'not-injected', layer: 'never-inject-selector', reason: 'NEVER_INJECT_SELECTOR' },
  { name: 'TestInjectRequired policy-enabled-never-inject-with-empty-label', section: 'webhook_test.go', manifests: stream(enabled, cfg({ never: fooExists('foo') }), web({ labels: { foo: '', foo2: 'bar2' } })), workload: W, outcome: 'not-injected', layer: 'never-inject-selector', reason: 'NEVER_INJECT_SELECTOR' },
  { name: 'TestInjectRequired policy-disabled-always-inject-with-empty-label', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled', always: fooExists('foo') }), web({ labels: { foo: '' } })), workload: W, outcome: 'injected', layer: 'always-inject-selector', reason: 'ALWAYS_INJECT_SELECTOR' },
  { name: 'TestInjectRequired always-never-inject-with-both-labels', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled', always: fooExists('always'), never: fooExists('never') }), web({ labels: { always: 'bar', never: 'bar2' } })), workload: W, outcome: 'not-injected', layer: 'never-inject-selector', reason: 'NEVER_INJECT_SELECTOR' },
  { name: 'TestInjectRequired annotation-true-never-inject', section: 'webhook_test.go', manifests: stream(enabled, cfg({ never: fooExists('foo') }), web({ labels: { foo: '' }, annotations: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_ANNOTATION' },
  { name: 'TestInjectRequired annotation-false-always-inject', section: 'webhook_test.go', manifests: stream(enabled, cfg({ always: fooExists('foo') }), web({ labels: { foo: '' }, annotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_ANNOTATION' },
  { name: 'TestInjectRequired never-inject-multiple-labels (second selector)', section: 'webhook_test.go', manifests: stream(enabled, cfg({ never: `${fooExists('foo')}\n${fooExists('bar')}` }), web({ labels: { label1: '', bar: 'anything' } })), workload: W, outcome: 'not-injected', layer: 'never-inject-selector', reason: 'NEVER_INJECT_SELECTOR' },
  { name: 'TestInjectRequired always-inject-multiple-labels (second selector)', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled', always: `${fooExists('foo')}\n${fooExists('bar')}` }), web({ labels: { label1: '', bar: 'anything' } })), workload: W, outcome: 'injected', layer: 'always-inject-selector', reason: 'ALWAYS_INJECT_SELECTOR' },
  { name: 'TestInjectRequired policy-disabled-label-enabled-annotation-disabled', section: 'webhook_test.go', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'sidecar.istio.io/inject': 'false' } })), workload: W, outcome: 'injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_IN_LABEL' },
  { name: 'TestInjectRequired label-disabled-annotation-enabled (1.26, "FALSE" reaches the injector)', section: 'webhook_test.go', istioVersion: '1.26', manifests: stream(enabled, cfg({ policyLine: 'policy: disabled' }), web({ labels: { 'sidecar.istio.io/inject': 'FALSE' }, annotations: { 'sidecar.istio.io/inject': 'true' } })), workload: W, outcome: 'not-injected', layer: 'inject-value', reason: 'EXPLICIT_OPT_OUT_LABEL' },
];

describe('decision engine conformance table', () => {
  it('has at least 45 rows with unique names', () => {
    expect(rows.length).toBeGreaterThanOrEqual(45);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const model = modelOf(row.manifests, row.defaultNamespace);
    const v = verdictOf(model, row.workload, {
      ...(row.istioVersion ? { istioVersion: row.istioVersion } : {}),
      ...(row.assumeDefaults === undefined ? {} : { assumeDefaults: row.assumeDefaults }),
    });
    expect({ outcome: v.outcome, layer: v.layer, reason: v.reason }, v.message).toEqual({ outcome: row.outcome, layer: row.layer, reason: row.reason });
    expect(v.injected).toBe(row.outcome === 'injected' ? true : row.outcome === 'unknown' ? null : false);
    if (row.revision !== undefined) expect(v.revision).toBe(row.revision);
    if (row.outcome !== 'injected') expect(v.revision).toBeNull();
    if (row.cause) expect(v.cause).toBe(row.cause);
    for (const h of row.hints ?? []) expect(v.hints).toContain(h);
    for (const h of row.noHints ?? []) expect(v.hints).not.toContain(h);
    if (row.likely) expect(v.likely).toBe(row.likely);
    if (row.matched !== undefined) expect(v.matchedWebhooks).toHaveLength(row.matched);
    if (row.message) expect(v.message).toMatch(row.message);
    expect(v.message).not.toContain('\n');
    expect(v.trace.length).toBeGreaterThan(0);
  });
});
