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

/** Keys whose values decide injection, on namespaces or pods. */
export const INJECTION_KEYS: readonly string[] = [INJECTION_NS_LABEL, REV_LABEL, INJECT_KEY, DATAPLANE_MODE_LABEL];

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

/**
 * Every label and annotation Istio defines: istio/api `annotation/annotations.yaml` and `label/labels.yaml`, union
 * of the versions from 2023-06 (Istio 1.20) to 2026-07 (commit b8f8791d; the WIP `traffic.istio.io/*` capture
 * names shipped in 1.22.0 only); plus `sidecar.istio.io/capNetBindService`, which the chart's injection template
 * reads (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml).
 */
export const ISTIO_KEYS: ReadonlySet<string> = new Set([
  'alpha.istio.io/canonical-serviceaccounts', 'alpha.istio.io/identity', 'alpha.istio.io/kubernetes-serviceaccounts',
  'ambient.istio.io/bypass-inbound-capture', 'ambient.istio.io/dns-capture', 'ambient.istio.io/redirection',
  'ambient.istio.io/waypoint-inbound-binding', 'galley.istio.io/analyze-suppress', 'gateway.istio.io/controller-version',
  'gateway.istio.io/managed', 'gateway.istio.io/name-override', 'gateway.istio.io/service-account',
  'inject.istio.io/templates', 'install.operator.istio.io/chart-owner', 'install.operator.istio.io/owner-generation',
  'install.operator.istio.io/version', 'istio.io/autoRegistrationGroup', 'istio.io/connectedAt', 'istio.io/dataplane-mode',
  'istio.io/disconnectedAt', 'istio.io/dry-run', 'istio.io/ingress-use-waypoint', 'istio.io/reroute-virtual-interfaces',
  'istio.io/rev', 'istio.io/tag', 'istio.io/use-waypoint', 'istio.io/use-waypoint-canary',
  'istio.io/use-waypoint-canary-namespace', 'istio.io/use-waypoint-canary-weight', 'istio.io/use-waypoint-namespace',
  'istio.io/waypoint-for', 'istio.io/workloadController', 'networking.istio.io/enable-autoallocate-ip',
  'networking.istio.io/exportTo', 'networking.istio.io/gatewayPort', 'networking.istio.io/service-type',
  'networking.istio.io/traffic-distribution', 'operator.istio.io/component', 'operator.istio.io/managed',
  'operator.istio.io/version', 'prometheus.istio.io/merge-metrics', 'proxy.istio.io/config', 'proxy.istio.io/overrides',
  'readiness.status.sidecar.istio.io/applicationPorts', 'readiness.status.sidecar.istio.io/failureThreshold',
  'readiness.status.sidecar.istio.io/initialDelaySeconds', 'readiness.status.sidecar.istio.io/periodSeconds',
  'security.istio.io/tlsMode', 'service.istio.io/canonical-name', 'service.istio.io/canonical-revision',
  'service.istio.io/workload-name', 'sidecar.istio.io/agentLogLevel', 'sidecar.istio.io/bootstrapOverride',
  'sidecar.istio.io/capNetBindService', 'sidecar.istio.io/componentLogLevel', 'sidecar.istio.io/controlPlaneAuthPolicy',
  'sidecar.istio.io/discoveryAddress', 'sidecar.istio.io/enableCoreDump', 'sidecar.istio.io/extraStatTags',
  'sidecar.istio.io/inject', 'sidecar.istio.io/interceptionMode', 'sidecar.istio.io/logLevel',
  'sidecar.istio.io/nativeSidecar', 'sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyCPULimit',
  'sidecar.istio.io/proxyImage', 'sidecar.istio.io/proxyImageType', 'sidecar.istio.io/proxyMemory',
  'sidecar.istio.io/proxyMemoryLimit', 'sidecar.istio.io/rewriteAppHTTPProbers', 'sidecar.istio.io/statsCompression',
  'sidecar.istio.io/statsEvictionInterval', 'sidecar.istio.io/statsFlushInterval', 'sidecar.istio.io/statsHistogramBins',
  'sidecar.istio.io/statsHistogramBuckets', 'sidecar.istio.io/statsInclusionPrefixes',
  'sidecar.istio.io/statsInclusionRegexps', 'sidecar.istio.io/statsInclusionSuffixes', 'sidecar.istio.io/status',
  'sidecar.istio.io/userVolume', 'sidecar.istio.io/userVolumeMount', 'status.sidecar.istio.io/port',
  'topology.istio.io/cluster', 'topology.istio.io/controlPlaneClusters', 'topology.istio.io/locality',
  'topology.istio.io/network', 'topology.istio.io/subzone', 'traffic.istio.io/excludeInboundPorts',
  'traffic.istio.io/excludeInterfaces', 'traffic.istio.io/excludeOutboundIPRanges', 'traffic.istio.io/excludeOutboundPorts',
  'traffic.istio.io/includeInboundPorts', 'traffic.istio.io/includeOutboundIPRanges', 'traffic.istio.io/includeOutboundPorts',
  'traffic.istio.io/nodeSelector',
  'traffic.sidecar.istio.io/excludeInboundPorts', 'traffic.sidecar.istio.io/excludeInterfaces',
  'traffic.sidecar.istio.io/excludeOutboundIPRanges', 'traffic.sidecar.istio.io/excludeOutboundPorts',
  'traffic.sidecar.istio.io/includeInboundPorts', 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  'traffic.sidecar.istio.io/includeOutboundPorts', 'traffic.sidecar.istio.io/kubevirtInterfaces',
]);
