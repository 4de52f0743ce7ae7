// Deterministic synthetic repositories for `npm run bench`: the same arguments always write the same bytes.
// Every repo holds what a real mesh repo holds (istio-system with istiod, several injection webhooks and injector
// ConfigMaps, team namespaces with Deployments, StatefulSets, CronJobs and Services) plus a few findings, so the
// whole pipeline (model, verdicts, every rule, every formatter) does real work.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REVISIONS = ['', 'canary', 'stable'];

/** istio-system: Namespace, istiod per revision (Deployment + Service), injector ConfigMaps, webhooks. 1 + 3×4 + 1 documents. */
export function platformDocuments(extraWebhooks = 0) {
  const docs = [namespace('istio-system', {})];
  for (const rev of REVISIONS) {
    const name = rev === '' ? 'istiod' : `istiod-${rev}`;
    docs.push(deployment({ ns: 'istio-system', name, labels: { app: 'istiod', 'istio.io/rev': rev || 'default', 'sidecar.istio.io/inject': 'false' }, image: 'docker.io/istio/pilot:1.28.0', env: { REVISION: rev || 'default' }, port: 15017 }));
    docs.push(service('istio-system', name, { app: 'istiod', 'istio.io/rev': rev || 'default' }, 443, 15017));
    docs.push(injectorConfigMap(rev));
    docs.push(injectionWebhook(rev, name));
  }
  docs.push(otherWebhook('cert-manager-webhook'));
  for (let i = 0; i < extraWebhooks; i++) docs.push(injectionWebhook(`rev-${i}`, 'istiod'));
  return docs;
}

/** One team namespace: the Namespace and `workloads` workloads, most with a Service. */
export function teamDocuments(n, workloads) {
  const ns = `team-${n}`;
  const nsLabels = n % 7 === 0 ? { 'istio.io/rev': 'canary' } : n % 11 === 0 ? { 'istio-injection': 'disabled' } : { 'istio-injection': 'enabled' };
  const out = [{ file: 'namespace.yaml', docs: [namespace(ns, nsLabels)] }];
  for (let i = 0; i < workloads; i++) {
    const id = n * 1000 + i;
    const name = `app-${i}`;
    const podLabels = { app: name, version: `v${i % 3}` };
    if (id % 13 === 0) podLabels['sidecar.istio.io/inject'] = 'false';
    const kind = i % 10 === 9 ? 'StatefulSet' : i % 10 === 8 ? 'CronJob' : 'Deployment';
    const docs = [deployment({ ns, name, kind, labels: podLabels, hostNetwork: id % 97 === 0, image: `registry.example.com/${ns}/${name}:1.${i}` })];
    if (kind !== 'CronJob') docs.push(service(ns, name, { app: name }, 8080));
    out.push({ file: `${name}.yaml`, docs });
  }
  return out;
}

/**
 * Writes a repo of about `documents` documents. shape `files`: one directory per namespace, one file per workload and
 * its Service (many small files); shape `huge`: the same documents in four multi-document files.
 */
export function writeRepo(dir, { documents, shape }) {
  mkdirSync(dir, { recursive: true });
  const platform = platformDocuments();
  const groups = [];
  let count = platform.length;
  for (let n = 0; count < documents; n++) {
    const team = teamDocuments(n, 12);
    for (const f of team) {
      if (count >= documents) break;
      const docs = f.docs.slice(0, documents - count);
      count += docs.length;
      groups.push({ dir: `teams/team-${n}`, file: f.file, docs });
    }
  }
  if (shape === 'files') {
    mkdirSync(path.join(dir, 'platform'), { recursive: true });
    writeFileSync(path.join(dir, 'platform', 'istio.yaml'), join(platform));
    for (const g of groups) {
      mkdirSync(path.join(dir, g.dir), { recursive: true });
      writeFileSync(path.join(dir, g.dir, g.file), join(g.docs));
    }
  } else {
    const all = [...platform, ...groups.flatMap((g) => g.docs)];
    const parts = 4;
    const per = Math.ceil(all.length / parts);
    for (let p = 0; p < parts; p++) writeFileSync(path.join(dir, `all-${p}.yaml`), join(all.slice(p * per, (p + 1) * per)));
  }
  return { documents: count, files: shape === 'files' ? groups.length + 1 : 4 };
}

/** A repo of `files` small files for the pre-commit case; returns the file the "commit" changes. */
export function writePreCommitRepo(dir, files) {
  mkdirSync(dir, { recursive: true });
  const platform = platformDocuments();
  mkdirSync(path.join(dir, 'platform'), { recursive: true });
  writeFileSync(path.join(dir, 'platform', 'istio.yaml'), join(platform));
  let written = 1;
  for (let n = 0; written < files; n++) {
    for (const f of teamDocuments(n, 12)) {
      if (written >= files) break;
      mkdirSync(path.join(dir, `teams/team-${n}`), { recursive: true });
      writeFileSync(path.join(dir, `teams/team-${n}`, f.file), join(f.docs));
      written++;
    }
  }
  return 'teams/team-3/app-5.yaml';
}

/** The quadratic-shape probes: each at size n (the bench runs n and 2n and compares). */
export const PROBES = {
  /** n namespaces (one Deployment each) under 40 injection webhooks. */
  'namespaces-x-webhooks': (dir, n) => {
    const docs = platformDocuments(40);
    for (let i = 0; i < n; i++) {
      docs.push(namespace(`ns-${i}`, i % 2 === 0 ? { 'istio-injection': 'enabled' } : { 'istio.io/rev': `rev-${i % 40}` }));
      docs.push(deployment({ ns: `ns-${i}`, name: 'app', labels: { app: 'app' }, image: 'example/app:1' }));
    }
    writeChunks(dir, docs, 200);
    return docs.length;
  },
  /** One namespace with n workloads. */
  'one-namespace-workloads': (dir, n) => {
    const docs = [...platformDocuments(), namespace('big', { 'istio-injection': 'enabled' })];
    for (let i = 0; i < n; i++) docs.push(deployment({ ns: 'big', name: `app-${i}`, labels: { app: `app-${i}` }, image: 'example/app:1', hostNetwork: i % 500 === 0 }));
    writeChunks(dir, docs, 100);
    return docs.length;
  },
  /** One file with n documents. */
  'one-file-documents': (dir, n) => {
    const docs = [...platformDocuments(), namespace('shop', { 'istio-injection': 'enabled' })];
    for (let i = 0; docs.length < n; i++) {
      docs.push(deployment({ ns: 'shop', name: `app-${i}`, labels: { app: `app-${i}` }, image: 'example/app:1' }));
      docs.push(service('shop', `app-${i}`, { app: `app-${i}` }, 8080));
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'all.yaml'), join(docs.slice(0, n)));
    return n;
  },
  /** One mapping with n keys: a Deployment whose pod template carries n labels. */
  'one-mapping-keys': (dir, n) => {
    const labels = { app: 'wide' };
    for (let i = 0; i < n; i++) labels[`example.com/key-${i}`] = `value-${i}`;
    const docs = [...platformDocuments(), namespace('shop', { 'istio-injection': 'enabled' }), deployment({ ns: 'shop', name: 'wide', labels, image: 'example/app:1' })];
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'wide.yaml'), join(docs));
    return docs.length;
  },
};

function writeChunks(dir, docs, per) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i * per < docs.length; i++) writeFileSync(path.join(dir, `part-${String(i).padStart(4, '0')}.yaml`), join(docs.slice(i * per, (i + 1) * per)));
}

function join(docs) {
  return docs.join('---\n');
}

function mapLines(obj, indent) {
  return Object.entries(obj).map(([k, v]) => `${' '.repeat(indent)}${k}: ${JSON.stringify(String(v))}\n`).join('');
}

function namespace(name, labels) {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${Object.keys(labels).length > 0 ? `  labels:\n${mapLines(labels, 4)}` : ''}`;
}

function deployment({ ns, name, kind = 'Deployment', labels, image, hostNetwork = false, env = {}, port = 8080 }) {
  const container = [
    `        - name: ${name}\n`,
    `          image: ${image}\n`,
    `          ports:\n            - containerPort: ${port}\n              name: http\n`,
    `          env:\n${Object.entries({ LOG_LEVEL: 'info', ...env }).map(([k, v]) => `            - name: ${k}\n              value: ${JSON.stringify(v)}\n`).join('')}`,
    `          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 256Mi}\n`,
    `          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n            periodSeconds: 10\n`,
  ].join('');
  const podSpec = `${hostNetwork ? '      hostNetwork: true\n' : ''}      serviceAccountName: ${name}\n      containers:\n${container}`;
  const template = `    metadata:\n      labels:\n${mapLines(labels, 8)}      annotations:\n        prometheus.io/scrape: "true"\n    spec:\n${podSpec}`;
  const head = `apiVersion: ${kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:\n    app.kubernetes.io/name: ${name}\n`;
  if (kind === 'CronJob') {
    const indented = template.replace(/^(?=.)/gm, '    ');
    return `${head}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${indented}          restartPolicy: OnFailure\n`;
  }
  return `${head}spec:\n${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  replicas: 2\n  selector:\n    matchLabels:\n      app: ${JSON.stringify(String(labels.app))}\n  template:\n${template}`;
}

function service(ns, name, selector, port, targetPort = port) {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n${mapLines(selector, 4)}  ports:\n    - name: http\n      port: ${port}\n      targetPort: ${targetPort}\n`;
}

function injectorConfigMap(rev) {
  const name = rev === '' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${rev}`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: istio-system\n  labels:\n    istio.io/rev: ${rev || 'default'}\ndata:\n  config: |-\n    defaultTemplates: [sidecar]\n    policy: enabled\n    alwaysInjectSelector: []\n    neverInjectSelector:\n      - matchExpressions:\n          - {key: job-name, operator: Exists}\n    injectedAnnotations: {}\n    templates:\n      sidecar: |\n        spec:\n          containers:\n            - name: istio-proxy\n              image: "{{ .ProxyImage }}"\n  values: |-\n    {"global": {"proxy": {"image": "proxyv2"}, "hub": "docker.io/istio", "tag": "1.28.0"}, "sidecarInjectorWebhook": {"enableNamespacesByDefault": false}}\n`;
}

function injectionWebhook(rev, serviceName) {
  const name = rev === '' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${rev}`;
  const revLabel = rev === '' ? 'default' : rev;
  const nsSelector = rev === ''
    ? `    namespaceSelector:\n      matchExpressions:\n        - {key: istio-injection, operator: In, values: [enabled]}\n`
    : `    namespaceSelector:\n      matchExpressions:\n        - {key: istio-injection, operator: DoesNotExist}\n        - {key: istio.io/rev, operator: In, values: [${rev}]}\n`;
  return `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: ${name}\n  labels:\n    istio.io/rev: ${revLabel}\n    app: sidecar-injector\nwebhooks:\n  - name: ${rev === '' ? '' : `rev.`}namespace.sidecar-injector.istio.io\n    clientConfig:\n      service: {name: ${serviceName}, namespace: istio-system, path: /inject, port: 443}\n    sideEffects: None\n    admissionReviewVersions: [v1]\n    failurePolicy: Fail\n    rules:\n      - operations: [CREATE]\n        apiGroups: [""]\n        apiVersions: [v1]\n        resources: [pods]\n${nsSelector}    objectSelector:\n      matchExpressions:\n        - {key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}\n`;
}

function otherWebhook(name) {
  return `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: ${name}\nwebhooks:\n  - name: webhook.cert-manager.io\n    clientConfig:\n      service: {name: ${name}, namespace: cert-manager, path: /mutate}\n    sideEffects: None\n    admissionReviewVersions: [v1]\n    rules:\n      - operations: [CREATE, UPDATE]\n        apiGroups: [cert-manager.io]\n        apiVersions: [v1]\n        resources: ["*/*"]\n`;
}
