/** @fileoverview The in-memory cluster model: what the repo's manifests would create, with where each fact is written. */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import type { DeployedNamespaceSource, DeploymentStep, NamespaceCommand } from '../gitops/types.js';
import type { LabelSelector, SelectorError } from './selectors.js';
import type { PlatformRewrite } from '../platforms/rewrite.js';
import type { PlatformProfile } from '../platforms/load.js';
import type { IstioInstall, WebhookOrigin } from './istio-installs.js';

/**
 * How an object's namespace was decided (spec §2 L0, docs/gitops.md): one of the JSON `namespaceSource` values, or
 * `unresolved` (nothing names one) or `cluster-scoped`.
 */
export type NamespaceSource = DeployedNamespaceSource | 'unresolved' | 'cluster-scoped';

/** Any Kubernetes object found in the inputs. */
export interface KObject {
  readonly doc: SourceDocument;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Resolved namespace, `undefined` when cluster-scoped or unresolved. */
  readonly namespace: string | undefined;
  readonly namespaceSource: NamespaceSource;
  /** The node that sets the namespace (`metadata.namespace`, a kustomization's `namespace:`, an Application's destination). */
  readonly namespaceRef?: NodeRef;
  /** For an unresolved namespace: the definition that would decide it but cannot be expanded offline. */
  readonly namespaceMissing?: string;
  /** The cluster the object is deployed to; `undefined` when the repo names none (docs/gitops.md). */
  readonly cluster?: string | undefined;
  /** How the object gets deployed (kustomizations, Applications, Flux Kustomizations), outermost first. */
  readonly via?: readonly DeploymentStep[];
  /** Where labels that are not in the object's own `metadata.labels` are set (Flux commonMetadata, Argo CD, config). */
  readonly labelRefs?: Readonly<Record<string, NodeRef>>;
  /** The object's own `metadata.labels`, values as strings. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `Kind namespace/name` (or `Kind name` when cluster-scoped), as Istio's analyzers name objects. */
  readonly key: string;
}

/** A container of a pod template. */
export interface Container {
  readonly name: string;
  readonly image: string | undefined;
  /** Path of this container entry in the document. */
  readonly path: YamlPath;
  readonly init: boolean;
  /** The raw container object (read only). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The pod a workload creates, as far as the manifests say (spec §2 L0). */
export interface PodTemplate {
  /** Path of the PodTemplateSpec (`[]` for a bare Pod). */
  readonly path: YamlPath;
  readonly metadataPath: YamlPath;
  readonly specPath: YamlPath;
  /** Template labels (the pod's labels minus controller-added ones). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Keys of labels the controller adds at runtime; their values are not known offline. */
  readonly controllerLabelKeys: readonly string[];
  readonly spec: Readonly<Record<string, unknown>>;
  readonly hostNetwork: boolean;
  readonly containers: readonly Container[];
}

/** An object whose pods are created from a pod template. */
export interface Workload extends KObject {
  readonly template: PodTemplate;
  /** `spec.replicas` when written; `undefined` otherwise (defaults to 1 for scalable kinds). */
  readonly replicas: number | undefined;
  readonly isJob: boolean;
}

/** A Namespace object (possibly declared in several files; labels merged, first declaration first). */
export interface Namespace {
  readonly name: string;
  /** Labels including the implicit `kubernetes.io/metadata.name`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The declaring objects, in input order. */
  readonly objects: readonly KObject[];
}

/** A webhook `clientConfig`. */
export interface ClientConfig {
  readonly service: { namespace: string; name: string; path: string | undefined; port: number } | undefined;
  readonly url: string | undefined;
  /** `undefined` when absent; `''` when written empty. */
  readonly caBundle: string | undefined;
}

/** One entry of a MutatingWebhookConfiguration's `webhooks`, with Kubernetes v1 defaults applied. */
export interface Webhook {
  readonly config: KObject;
  readonly index: number;
  readonly name: string;
  /** Path of this entry (`['webhooks', index]`). */
  readonly path: YamlPath;
  /** True when some rule covers pod CREATE (spec §2 L2.1). */
  readonly coversPodCreate: boolean;
  readonly namespaceSelector: LabelSelector | SelectorError;
  readonly objectSelector: LabelSelector | SelectorError;
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly timeoutSeconds: number;
  readonly reinvocationPolicy: 'Never' | 'IfNeeded';
  readonly hasMatchConditions: boolean;
  readonly clientConfig: ClientConfig;
  /** True for Istio sidecar-injection webhooks (spec §1: name suffix, istiod service or `/inject` URL). */
  readonly isInjection: boolean;
  /** The istiod revision it calls: the MWC's `istio.io/rev` label (`undefined` when absent). */
  readonly revision: string | undefined;
  /** The tag, for `istio-revision-tag-<T>` MWCs. */
  readonly tag: string | undefined;
  /** Deactivated by `istioctl tag set default` (both selectors `istio.io/deactivated: never-match`). */
  readonly deactivated: boolean;
  /** True when the repo did not contain it: the assumed default install (spec §4.1). */
  readonly assumed: boolean;
  /** Set when a platform profile rewrote its namespaceSelector (`--platform`, docs/platforms.md). */
  readonly platform?: PlatformRewrite;
  /**
   * Set when no configuration in the inputs holds it: the object whose declaration implies it (a Sail Operator
   * resource, an istiod chart install, a Service labelled `istio.io/tag`; src/model/istio-installs.ts). Its `config`
   * is then the configuration Istio would create, located at that object.
   */
  readonly implied?: WebhookOrigin;
}

/** A parsed `istio-sidecar-injector[-<rev>]` ConfigMap (spec §2 L5). */
export interface InjectorConfig {
  readonly object: KObject;
  readonly revision: string;
  /** The document parsed from `data.config`, positions mapped into the ConfigMap's file where possible. */
  readonly configDoc: SourceDocument | undefined;
  /** Parsed `data.config` (plain data) or `undefined` when absent or unparsable. */
  readonly config: Readonly<Record<string, unknown>> | undefined;
  /** Parsed `data.values` JSON. */
  readonly values: Readonly<Record<string, unknown>> | undefined;
  /** Why config/values could not be read (istiod then cannot load it: INJECTOR_CONFIG_INVALID). */
  readonly problems: readonly string[];
  /** True when `config` still holds unrendered template text (`{{ }}`), spec §4.4.6. */
  readonly templated: boolean;
}

/** A Service. */
export interface Service extends KObject {
  /** `spec.selector`, `undefined` for a selector-less Service. */
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly { port: number; targetPort: number | string | undefined; name: string | undefined; index: number }[];
}

/** A HorizontalPodAutoscaler's target and floor. */
export interface Autoscaler extends KObject {
  readonly targetKind: string | undefined;
  readonly targetName: string | undefined;
  readonly minReplicas: number;
}

/** A root certificate found in the repo (public data only; Secret values are never kept). */
export interface RootCertificate {
  readonly object: KObject;
  readonly key: string;
  readonly pem: string;
}

/** An istiod Deployment found in the repo. */
export interface Istiod {
  readonly workload: Workload;
  readonly revision: string;
  /** False when `INJECTION_WEBHOOK_CONFIG_NAME` is set to `""` (no caBundle patching). */
  readonly patchesWebhooks: boolean;
}

/** The whole model: built once, read by the decision engine and the rules. */
export interface ClusterModel {
  readonly objects: readonly KObject[];
  /** Workloads from linted inputs (snapshot workloads are excluded). */
  readonly workloads: readonly Workload[];
  /**
   * Workloads that count in this cluster (a Service's pods, istiod) but whose verdicts another model reports: the
   * undeployed ones, when the repo names several clusters (docs/gitops.md). `workloadsIn` includes them.
   */
  readonly contextWorkloads?: readonly Workload[];
  readonly namespaces: ReadonlyMap<string, Namespace>;
  /** MutatingWebhookConfigurations found in the inputs. */
  readonly webhookConfigs: readonly KObject[];
  /** Every webhook of every MWC found (injection or not), in API-server call order (MWC name, then index). */
  readonly webhooks: readonly Webhook[];
  readonly injectorConfigs: ReadonlyMap<string, InjectorConfig>;
  readonly services: ReadonlyMap<string, Service>;
  readonly autoscalers: readonly Autoscaler[];
  readonly istiods: readonly Istiod[];
  readonly rootCertificates: readonly RootCertificate[];
  /** `Kind/namespace/name` of Endpoints and EndpointSlices (by their service name). */
  readonly endpointsFor: ReadonlySet<string>;
  /** Secret names and keys, `namespace/name` → keys. Values are never read into the model. */
  readonly secrets: ReadonlyMap<string, readonly string[]>;
  /** istiod installs the repo declares without rendering them (Sail Operator, Helm releases, IstioOperator). */
  readonly installs: readonly IstioInstall[];
  /** The platform profile applied to the webhooks (`--platform`), also to the assumed default install's. */
  readonly platform?: PlatformProfile;
  /**
   * `kubectl label|create namespace` commands of the repo's scripts, by namespace (src/gitops/kubectl.ts): where a
   * namespace is labelled outside the manifests. Never executed, never deciding a verdict.
   */
  readonly namespaceCommands: ReadonlyMap<string, readonly NamespaceCommand[]>;
  /** Objects by kind. */
  byKind(kind: string): readonly KObject[];
  /** Workloads by resolved namespace. */
  workloadsIn(namespace: string): readonly Workload[];
  /** `namespace/name` → object of that kind. */
  find(kind: string, namespace: string | undefined, name: string): KObject | undefined;
}
