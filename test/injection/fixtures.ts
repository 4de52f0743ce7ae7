/** @fileoverview YAML builders and model helpers for the decision-engine tests (our own fixtures, shaped like chart output). */
import { parseFile } from '../../src/parse/yaml.js';
import { buildModel } from '../../src/model/build.js';
import type { ClusterModel, Workload } from '../../src/model/types.js';
import { predictAll } from '../../src/injection/predict.js';
import type { PredictOptions, Verdict, VerdictSet } from '../../src/injection/types.js';

/** Indents every line of `text` by `n` spaces. */
function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text.split('\n').map((l) => (l === '' ? l : pad + l)).join('\n');
}

function mapYaml(m: Readonly<Record<string, string>> | undefined, n: number): string {
  if (!m || Object.keys(m).length === 0) return '{}';
  return `\n${Object.entries(m).map(([k, v]) => `${' '.repeat(n)}${k}: ${JSON.stringify(v)}`).join('\n')}`;
}

/** A Namespace object. */
export function ns(name: string, labels?: Readonly<Record<string, string>>): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: ${mapYaml(labels, 4)}
`;
}

/** Options of a pod-producing object. */
export interface PodOpts {
  kind?: 'Deployment' | 'Job' | 'Pod' | 'StatefulSet';
  namespace?: string | null;
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
  /** Labels/annotations on the controller's own metadata. */
  ownAnnotations?: Readonly<Record<string, string>>;
  hostNetwork?: boolean;
  replicas?: number;
  proxyImageAuto?: boolean;
  ports?: readonly { containerPort: number; name?: string }[];
  env?: Readonly<Record<string, string>>;
  container?: string;
}

/** A Deployment (or Job / Pod / StatefulSet) named `name`. */
export function workload(name: string, o: PodOpts = {}): string {
  const kind = o.kind ?? 'Deployment';
  const nsLine = o.namespace === null ? '' : `\n  namespace: ${o.namespace ?? 'shop'}`;
  const ports = o.ports && o.ports.length > 0
    ? `\n  ports:\n${o.ports.map((p) => `  - containerPort: ${p.containerPort}${p.name ? `\n    name: ${p.name}` : ''}`).join('\n')}`
    : '';
  const env = o.env && Object.keys(o.env).length > 0
    ? `\n  env:\n${Object.entries(o.env).map(([k, v]) => `  - name: ${k}\n    value: ${JSON.stringify(v)}`).join('\n')}`
    : '';
  const containers = `containers:
- name: ${o.container ?? 'app'}
  image: example/app:1${ports}${env}${o.proxyImageAuto ? '\n- name: istio-proxy\n  image: auto' : ''}`;
  const podMeta = `metadata:
  labels: ${mapYaml({ app: name, ...o.labels }, 4)}
  annotations: ${mapYaml(o.annotations, 4)}`;
  const podSpec = `spec:${o.hostNetwork ? '\n  hostNetwork: true' : ''}
${indent(containers, 2)}`;
  const own = `metadata:
  name: ${name}${nsLine}
  annotations: ${mapYaml(o.ownAnnotations, 4)}`;
  if (kind === 'Pod') {
    return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${nsLine}
  labels: ${mapYaml({ app: name, ...o.labels }, 4)}
  annotations: ${mapYaml(o.annotations, 4)}
${podSpec}
`;
  }
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const replicas = o.replicas !== undefined ? `\n  replicas: ${o.replicas}` : '';
  const selector = kind === 'Job' ? '' : `\n  selector:\n    matchLabels:\n      app: ${name}`;
  return `apiVersion: ${apiVersion}
kind: ${kind}
${own}
spec:${replicas}${selector}
  template:
${indent(podMeta, 4)}
${indent(podSpec, 4)}
`;
}

/** One chart-shaped webhook entry. */
interface HookOpts {
  prefix: string;
  service: string;
  nsSel: string;
  objSel: string;
  failurePolicy?: 'Fail' | 'Ignore';
  caBundle?: string;
  extra?: string;
}

function hook(o: HookOpts): string {
  return `- name: ${o.prefix}sidecar-injector.istio.io
  clientConfig:
    service:
      name: ${o.service}
      namespace: istio-system
      path: "/inject"
      port: 443${o.caBundle !== undefined ? `\n    caBundle: "${o.caBundle}"` : ''}
  sideEffects: None
  rules:
  - operations: [ "CREATE" ]
    apiGroups: [""]
    apiVersions: ["v1"]
    resources: ["pods"]
  failurePolicy: ${o.failurePolicy ?? 'Fail'}
  reinvocationPolicy: "Never"
  admissionReviewVersions: ["v1"]
  namespaceSelector:
${indent(o.nsSel, 4)}
  objectSelector:
${indent(o.objSel, 4)}${o.extra ? `\n${o.extra}` : ''}`;
}

const notFalse = `- key: sidecar.istio.io/inject
  operator: NotIn
  values: ["false"]`;

/** Options of a chart-shaped MutatingWebhookConfiguration. */
export interface MwcOpts {
  /** Selector value (`default` for the unrevisioned install, a revision, or a tag). */
  selects?: string;
  /** istiod revision the webhooks call (service `istiod[-rev]`, label `istio.io/rev`). */
  revision?: string;
  /** Render `namespace.`/`object.` too (unrevisioned install or `default` tag). */
  legacy?: boolean;
  auto?: boolean;
  name?: string;
  tag?: string;
  noRevLabel?: boolean;
  failurePolicy?: 'Fail' | 'Ignore';
  deactivated?: boolean;
}

/** A MutatingWebhookConfiguration as istio-discovery's mutatingwebhook.yaml / revision-tags-mwc.yaml render it. */
export function mwc(o: MwcOpts = {}): string {
  const revision = o.revision ?? 'default';
  const selects = o.selects ?? revision;
  const service = revision === 'default' ? 'istiod' : `istiod-${revision}`;
  const legacy = o.legacy ?? selects === 'default';
  const name = o.name ?? (o.tag ? `istio-revision-tag-${o.tag}` : revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`);
  const fp = o.failurePolicy ?? 'Fail';
  const never = 'matchLabels:\n  istio.io/deactivated: never-match';
  const sel = (s: string) => (o.deactivated ? never : s);
  const hooks = [
    hook({ prefix: 'rev.namespace.', service, failurePolicy: fp, nsSel: sel(`matchExpressions:\n- key: istio.io/rev\n  operator: In\n  values: ["${selects}"]\n- key: istio-injection\n  operator: DoesNotExist`), objSel: sel(`matchExpressions:\n${notFalse}`) }),
    hook({ prefix: 'rev.object.', service, failurePolicy: fp, nsSel: sel('matchExpressions:\n- key: istio.io/rev\n  operator: DoesNotExist\n- key: istio-injection\n  operator: DoesNotExist'), objSel: sel(`matchExpressions:\n${notFalse}\n- key: istio.io/rev\n  operator: In\n  values: ["${selects}"]`) }),
  ];
  if (legacy) {
    hooks.push(
      hook({ prefix: 'namespace.', service, failurePolicy: fp, nsSel: sel('matchExpressions:\n- key: istio-injection\n  operator: In\n  values: ["enabled"]'), objSel: sel(`matchExpressions:\n${notFalse}`) }),
      hook({ prefix: 'object.', service, failurePolicy: fp, nsSel: sel('matchExpressions:\n- key: istio-injection\n  operator: DoesNotExist\n- key: istio.io/rev\n  operator: DoesNotExist'), objSel: sel('matchExpressions:\n- key: sidecar.istio.io/inject\n  operator: In\n  values: ["true"]\n- key: istio.io/rev\n  operator: DoesNotExist') }),
    );
    if (o.auto) {
      hooks.push(hook({
        prefix: 'auto.', service, failurePolicy: fp,
        nsSel: 'matchExpressions:\n- key: istio-injection\n  operator: DoesNotExist\n- key: istio.io/rev\n  operator: DoesNotExist\n- key: "kubernetes.io/metadata.name"\n  operator: "NotIn"\n  values: ["kube-system","kube-public","kube-node-lease","local-path-storage"]',
        objSel: 'matchExpressions:\n- key: sidecar.istio.io/inject\n  operator: DoesNotExist\n- key: istio.io/rev\n  operator: DoesNotExist',
      }));
    }
  }
  const labels: Record<string, string> = o.noRevLabel ? { app: 'sidecar-injector' } : { 'istio.io/rev': revision };
  if (o.tag) labels['istio.io/tag'] = o.tag;
  return `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
  labels: ${mapYaml(labels, 4)}
webhooks:
${hooks.join('\n')}
`;
}

/** Options of the injector ConfigMap. */
export interface InjectorOpts {
  revision?: string;
  /** Raw YAML line for policy (e.g. `policy: disabled`); omitted when null. */
  policyLine?: string | null;
  never?: string;
  always?: string;
  templates?: readonly string[];
  values?: string;
}

/** ConfigMap `istio-sidecar-injector[-rev]` with `data.config` as a literal block, like the chart. */
export function injectorConfigMap(o: InjectorOpts = {}): string {
  const rev = o.revision ?? 'default';
  const name = rev === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${rev}`;
  const templates = (o.templates ?? ['sidecar', 'gateway']).map((t) => `  ${t}: |\n    spec: {}`).join('\n');
  const cfg = [
    'defaultTemplates: [sidecar]',
    ...(o.policyLine === null ? [] : [o.policyLine ?? 'policy: enabled']),
    `alwaysInjectSelector:${o.always ? `\n${o.always}` : ' []'}`,
    `neverInjectSelector:${o.never ? `\n${o.never}` : ' []'}`,
    'injectedAnnotations: {}',
    'templates:',
    templates,
  ].join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: istio-system
  labels:
    istio.io/rev: ${JSON.stringify(rev)}
data:
  values: |-
    ${o.values ?? '{"global": {"hub": "docker.io/istio"}}'}
  config: |-
${indent(cfg, 4)}
`;
}

/** An istiod Deployment + Service pair, chart-shaped (Service 443 → 15017). */
export function istiod(o: { revision?: string; replicas?: number; patch?: boolean; targetPort?: number } = {}): string {
  const rev = o.revision ?? 'default';
  const name = rev === 'default' ? 'istiod' : `istiod-${rev}`;
  const env = [`- name: REVISION\n  value: "${rev}"`];
  if (o.patch === false) env.push('- name: INJECTION_WEBHOOK_CONFIG_NAME\n  value: ""');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: istio-system
spec:
  selector:
    app: istiod
    istio.io/rev: "${rev}"
  ports:
  - name: https-webhook
    port: 443
    targetPort: ${o.targetPort ?? 15017}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: istio-system
spec:${o.replicas !== undefined ? `\n  replicas: ${o.replicas}` : ''}
  selector:
    matchLabels:
      app: istiod
      istio.io/rev: "${rev}"
  template:
    metadata:
      labels:
        app: istiod
        istio.io/rev: "${rev}"
        sidecar.istio.io/inject: "false"
    spec:
      containers:
      - name: discovery
        image: docker.io/istio/pilot:1.28.0
        ports:
        - containerPort: 8080
        - containerPort: 15010
        - containerPort: 15017
        env:
${indent(env.join('\n'), 8)}
`;
}

/** Joins documents into one YAML stream. */
export function stream(...docs: string[]): string {
  return docs.map((d) => d.replace(/\n*$/, '\n')).join('---\n');
}

/** Parses files (name → YAML text) in order and builds the model. */
export function modelOf(files: Readonly<Record<string, string>> | string, defaultNamespace?: string): ClusterModel {
  const entries = typeof files === 'string' ? [['manifests.yaml', files] as const] : Object.entries(files);
  const docs = entries.flatMap(([file, text]) => {
    const parsed = parseFile(file, text);
    if (parsed.problems.length > 0) throw new Error(`fixture ${file} does not parse: ${parsed.problems.map((p) => p.message).join('; ')}`);
    return parsed.documents;
  });
  return buildModel(docs, { defaultNamespace }).model;
}

/** The workload whose key (`Kind ns/name`) is `key`. */
export function findWorkload(model: ClusterModel, key: string): Workload {
  const w = model.workloads.find((x) => x.key === key);
  if (!w) throw new Error(`no workload ${key}; have ${model.workloads.map((x) => x.key).join(', ')}`);
  return w;
}

/** Predicts with defaults (Istio 1.28, assumed defaults) overridden by `options`. */
export function predict(model: ClusterModel, options: Partial<PredictOptions> = {}): VerdictSet {
  return predictAll(model, { istioVersion: '1.28', assumeDefaults: true, ...options });
}

/** Verdict of one workload. */
export function verdictOf(model: ClusterModel, key: string, options: Partial<PredictOptions> = {}): Verdict {
  return predict(model, options).get(findWorkload(model, key));
}
