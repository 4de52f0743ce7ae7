/**
 * @fileoverview Every Istio and Kubernetes key the linter reads, as named constants with their upstream source.
 * Istio paths refer to istio/istio 1.28 (pkg/kube/inject, manifests/charts/istio-control/istio-discovery).
 */

/** Namespace label served by the unrevisioned `namespace.` webhook (mutatingwebhook.yaml). */
export const INJECTION_NS_LABEL = 'istio-injection';
/** Revision label on namespaces and pods; also labels each MWC with its istiod revision. */
export const REV_LABEL = 'istio.io/rev';
/** Revision-tag label on tag MWCs (revision-tags-mwc.yaml). */
export const TAG_LABEL = 'istio.io/tag';
/** Per-pod switch: a label (read by webhooks and the injector) or a deprecated annotation (injector only). */
export const INJECT_KEY = 'sidecar.istio.io/inject';
/** Annotation written by the injector on injected pods (`inject.go`). */
export const STATUS_ANNOTATION = 'sidecar.istio.io/status';
/** Annotation selecting injection templates (`inject.go` selectTemplates). */
export const TEMPLATES_ANNOTATION = 'inject.istio.io/templates';
/** Per-pod native-sidecar override, Istio >= 1.24. */
export const NATIVE_SIDECAR_ANNOTATION = 'sidecar.istio.io/nativeSidecar';
/** Ambient enrolment label. */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
/** Selector label istioctl writes into a deactivated default webhook (istioctl/pkg/util/common.go NeverMatch). */
export const DEACTIVATED_LABEL = 'istio.io/deactivated';
/** Label set on every Namespace by API defaulting (SetDefaults_Namespace, K8s >= 1.21). */
export const NS_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Suffix of injection webhook names used by Istio's patcher and `istioctl tag` (webhookpatch.go). */
export const INJECTION_WEBHOOK_SUFFIX = 'sidecar-injector.istio.io';
/** Name of the unrevisioned injector ConfigMap; revisioned ones append `-<rev>` (sidecarinjector.go). */
export const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';
/** The container the injector adds. */
export const PROXY_CONTAINER = 'istio-proxy';
/** UID the proxy runs as; traffic capture exempts it. */
export const PROXY_UID = 1337;
/** cert-manager CA injection annotations (cainjector). */
export const CERT_MANAGER_INJECT_CA = ['cert-manager.io/inject-ca-from', 'cert-manager.io/inject-ca-from-secret'] as const;
/** istiod env var that turns its webhook patcher on (pilot/pkg/features). */
export const WEBHOOK_CONFIG_NAME_ENV = 'INJECTION_WEBHOOK_CONFIG_NAME';
/** istiod env var naming its revision. */
export const REVISION_ENV = 'REVISION';

/** Namespaces the injector always skips (pkg/kube/inject/initializer.go IgnoredNamespaces; same 1.20 → master). */
export const IGNORED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

/**
 * Pod annotations the injector validates before rendering (pkg/kube/inject/validate.go `AnnotationValidation`;
 * names from istio.io/api `annotation`). A bad value makes the injector deny the pod (spec §2 L7).
 */
export const VALIDATED_ANNOTATIONS = {
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  statusPort: 'status.sidecar.istio.io/port',
  readinessInitialDelaySeconds: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
  readinessPeriodSeconds: 'readiness.status.sidecar.istio.io/periodSeconds',
  readinessFailureThreshold: 'readiness.status.sidecar.istio.io/failureThreshold',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  excludeInterfaces: 'traffic.sidecar.istio.io/excludeInterfaces',
  kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
  rerouteVirtualInterfaces: 'istio.io/reroute-virtual-interfaces',
  mergeMetrics: 'prometheus.istio.io/merge-metrics',
  proxyConfig: 'proxy.istio.io/config',
  enableCoreDump: 'sidecar.istio.io/enableCoreDump',
  proxyCPU: 'sidecar.istio.io/proxyCPU',
  proxyMemory: 'sidecar.istio.io/proxyMemory',
  proxyCPULimit: 'sidecar.istio.io/proxyCPULimit',
  proxyMemoryLimit: 'sidecar.istio.io/proxyMemoryLimit',
} as const;

/** Injection templates the istio-discovery chart ships (templates/istiod-injector-configmap.yaml), 1.20 → 1.28. */
export const CHART_TEMPLATES: readonly string[] = ['sidecar', 'gateway', 'grpc-simple', 'grpc-agent', 'waypoint', 'kube-gateway'];
/** Default injection template when `defaultTemplates` is empty (inject.go `SidecarTemplateName`). */
export const SIDECAR_TEMPLATE = 'sidecar';
