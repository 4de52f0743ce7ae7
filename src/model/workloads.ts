/** @fileoverview Where each kind keeps its pod template, and which labels its controller adds to pods (spec §1). */
import type { YamlPath } from '../types.js';
import { isRecord } from '../util/records.js';

/** Pod-template paths of the kinds Kubernetes knows; any other kind with `spec.template` is treated generically. */
const TEMPLATE_PATHS: Readonly<Record<string, YamlPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Every ObjectMeta an object may carry whose labels and annotations Kubernetes stores: its own, a pod template's,
 * a CronJob's job template's and that job template's pod template's.
 */
export const METADATA_PATHS: readonly YamlPath[] = [
  ['metadata'],
  ['spec', 'template', 'metadata'],
  ['spec', 'jobTemplate', 'metadata'],
  ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
];

/** Kinds that are not workloads even though they may carry a `spec.template` (e.g. PodTemplate itself). */
const NOT_WORKLOADS = new Set(['PodTemplate', 'List']);

/** Labels controllers add to the pods they create: keys known, values not (spec §1). */
const CONTROLLER_LABELS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['pod-template-hash'],
  ReplicaSet: ['pod-template-hash'],
  StatefulSet: ['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index'],
  DaemonSet: ['controller-revision-hash', 'pod-template-generation'],
  Job: ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'],
  CronJob: ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'],
};

/** Kinds whose objects have no namespace. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'StorageClass',
  'PriorityClass', 'IngressClass', 'APIService', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'PodSecurityPolicy', 'ClusterIssuer', 'GatewayClass', 'CertificateSigningRequest', 'FlowSchema',
  'PriorityLevelConfiguration', 'ClusterTrustBundle',
  // Sail Operator (sailoperator.io/v1): `+kubebuilder:resource:scope=Cluster` in api/v1/*_types.go.
  'Istio', 'IstioRevision', 'IstioRevisionTag', 'IstioCNI', 'ZTunnel',
]);

/** Path of the pod template for a kind, or `undefined` when the object does not create pods from a template. */
export function podTemplatePath(kind: string, value: Readonly<Record<string, unknown>>): YamlPath | undefined {
  if (NOT_WORKLOADS.has(kind)) return undefined;
  const known = TEMPLATE_PATHS[kind];
  const path = known ?? ['spec', 'template'];
  const template = getAt(value, path);
  if (!isRecord(template)) return undefined;
  // A pod template without containers is a kustomize patch or fragment, not a workload.
  const spec = template.spec;
  if (!isRecord(spec) || !Array.isArray(spec.containers)) return undefined;
  return path;
}

/** Labels the kind's controller adds to every pod. */
export function controllerLabelKeys(kind: string): readonly string[] {
  return CONTROLLER_LABELS[kind] ?? [];
}

/** True for kinds whose pods run to completion. */
export function isJobKind(kind: string): boolean {
  return kind === 'Job' || kind === 'CronJob';
}

/** Reads the value at `path` in plain data. */
export function getAt(value: unknown, path: YamlPath): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}
