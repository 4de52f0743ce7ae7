/**
 * @fileoverview What-if runs: `lint-injection diff <base> <head>`, `diff --base-ref <ref> [path...]`, and `explain`
 * with hypothetical changes (`--set-tag`, `--add-revision`, `--remove-revision`, `--set-kubernetes-version`). Both
 * sides go through the same analysis (src/engine/run.ts `analyse`); nothing is written to disk.
 */
import type { SourceDocument } from '../types.js';
import { parseFile } from '../parse/yaml.js';
import { analyse, finish, readInputs } from '../engine/run.js';
import type { Analysis, LintInputs, LintOptions, LintReport } from '../engine/run.js';
import type { Baseline } from '../engine/rule.js';
import { readTreeAt } from '../render/git.js';
import { REV_LABEL } from '../model/istio-keys.js';
import { isRecord } from '../util/records.js';
import { compareVerdicts, keyed, stateOf } from './compare.js';
import type { WorkloadChange } from './compare.js';

/** A comparison and the head side's report (its findings carry revision-change against the base). */
export interface WhatIfResult {
  readonly changes: WorkloadChange[];
  readonly head: LintReport;
  readonly base: LintReport;
}

/** A failure the CLI turns into exit 2 with this message. */
export class WhatIfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WhatIfError';
  }
}

/** The verdict states of a base, for revision-change. */
export function baselineOf(name: string, analysis: Analysis): Baseline {
  const states = new Map([...keyed(analysis.verdicts)].map(([k, v]) => [k, stateOf(v)] as const));
  return { name, states };
}

/** Runs the head side with the base's states as baseline and compares. */
function compare(options: LintOptions, baseName: string, baseInputs: LintInputs, headInputs: LintInputs, headOptions: LintOptions = options): WhatIfResult {
  const baseAnalysis = analyse(baseInputs, { rules: options.rules, settings: options.config });
  const baseline = baselineOf(baseName, baseAnalysis);
  const headAnalysis = analyse(headInputs, { rules: headOptions.rules, settings: { ...headOptions.config, baseline } });
  const base = finish(options, baseInputs, baseAnalysis);
  const head = finish(headOptions, headInputs, headAnalysis);
  return { changes: compareVerdicts(base.verdicts, head.verdicts), head, base };
}

/** `diff <base> <head>`: two directories (or files), each read like a lint run. */
export async function diffPaths(options: LintOptions, basePaths: readonly string[], headPaths: readonly string[], baseName: string): Promise<WhatIfResult> {
  const baseInputs = await readInputs({ ...options, paths: basePaths });
  const headInputs = await readInputs({ ...options, paths: headPaths });
  return compare(options, baseName, baseInputs, headInputs);
}

/** `diff --base-ref <ref> [path...]`: the base is the commit's manifests under the same paths (read from git objects). */
export async function diffBaseRef(options: LintOptions, ref: string, env: Readonly<Record<string, string | undefined>>): Promise<WhatIfResult> {
  const tree = await readTreeAt(options.cwd, ref, options.paths, env, options.config.maxFileSize);
  if (!tree.ok) throw new WhatIfError(tree.error);
  const documents: SourceDocument[] = [];
  const problems: LintInputs['problems'][number][] = [];
  for (const f of tree.files) {
    const parsed = parseFile(f.file, f.text);
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  const baseInputs: LintInputs = { files: tree.files, documents, problems, considered: tree.files.length, origin: undefined };
  const headInputs = await readInputs(options);
  return compare(options, ref, baseInputs, headInputs);
}

/** Hypothetical changes for `explain`. */
export interface Hypothesis {
  /** `tag=revision` pairs: the tag's webhooks call that revision. */
  readonly setTags: readonly { tag: string; revision: string }[];
  /** Revisions whose own webhooks, injector ConfigMap, istiod and Service are gone. */
  readonly removeRevisions: readonly string[];
  /** Revisions installed with the chart's revisioned webhooks (`rev.namespace`, `rev.object`). */
  readonly addRevisions: readonly string[];
  /** The cluster's Kubernetes version. */
  readonly kubernetesVersion: string | undefined;
}

/** The hypothesis in words, for the head side's name. */
export function describeHypothesis(h: Hypothesis): string {
  const parts = [
    ...h.setTags.map((t) => `--set-tag ${t.tag}=${t.revision}`),
    ...h.addRevisions.map((r) => `--add-revision ${r}`),
    ...h.removeRevisions.map((r) => `--remove-revision ${r}`),
    ...(h.kubernetesVersion ? [`--set-kubernetes-version ${h.kubernetesVersion}`] : []),
  ];
  return parts.join(' ');
}

/** `explain` with a hypothesis: the inputs as they are against the inputs changed in memory. */
export async function explainWhatIf(options: LintOptions, h: Hypothesis): Promise<WhatIfResult> {
  const inputs = await readInputs(options);
  const documents = applyHypothesis(inputs.documents, h);
  const headInputs: LintInputs = { ...inputs, documents };
  // Like --kubernetes-version, the hypothetical version holds for every cluster.
  const headOptions: LintOptions = h.kubernetesVersion === undefined ? options : { ...options, config: { ...options.config, kubernetesVersion: h.kubernetesVersion, kubernetesVersionSource: 'hypothesis' } };
  return compare(options, 'as is', inputs, headInputs, headOptions);
}

/** The Service name of istiod for a revision (chart `istiod-<rev>`, `istiod` for default). */
function istiodService(revision: string): string {
  return revision === 'default' ? 'istiod' : `istiod-${revision}`;
}

function labelsOf(value: unknown): Record<string, unknown> {
  return isRecord(value) && isRecord(value.metadata) && isRecord(value.metadata.labels) ? value.metadata.labels : {};
}

/** The document with another value: everything else (positions, text) is the original's, through the prototype. */
function withDoc(doc: SourceDocument, value: unknown): SourceDocument {
  return Object.create(doc, { value: { value, enumerable: true } }) as SourceDocument;
}

/** The documents with the hypothesis applied (new objects; the inputs are not changed). */
export function applyHypothesis(documents: readonly SourceDocument[], h: Hypothesis): SourceDocument[] {
  let docs = [...documents];
  for (const { tag, revision } of h.setTags) {
    let found = false;
    docs = docs.map((d) => {
      const v = d.value;
      if (!isRecord(v) || v.kind !== 'MutatingWebhookConfiguration' || !isRecord(v.metadata)) return d;
      const labels = labelsOf(v);
      if (v.metadata.name !== `istio-revision-tag-${tag}` && labels['istio.io/tag'] !== tag) return d;
      found = true;
      const copy = structuredClone(v) as Record<string, unknown>;
      const meta = copy.metadata as Record<string, unknown>;
      meta.labels = { ...labelsOf(copy), [REV_LABEL]: revision };
      if (Array.isArray(copy.webhooks)) {
        for (const w of copy.webhooks as unknown[]) {
          if (isRecord(w) && isRecord(w.clientConfig) && isRecord(w.clientConfig.service)) w.clientConfig.service.name = istiodService(revision);
        }
      }
      return withDoc(d, copy);
    });
    if (!found) throw new WhatIfError(`--set-tag ${tag}=${revision}: the inputs hold no MutatingWebhookConfiguration of tag "${tag}" (istio-revision-tag-${tag})`);
  }
  for (const revision of h.removeRevisions) {
    const before = docs.length;
    docs = docs.filter((d) => !ownedByRevision(d.value, revision));
    if (docs.length === before) throw new WhatIfError(`--remove-revision ${revision}: the inputs hold no object of revision "${revision}"`);
  }
  for (const revision of h.addRevisions) docs.push(...revisionDocuments(revision));
  return docs;
}

/** True for the objects a revision's installation owns: its own webhooks (not tags), injector ConfigMap, istiod, Service. */
function ownedByRevision(value: unknown, revision: string): boolean {
  if (!isRecord(value) || !isRecord(value.metadata)) return false;
  const labels = labelsOf(value);
  const name = value.metadata.name;
  switch (value.kind) {
    case 'MutatingWebhookConfiguration':
      return labels[REV_LABEL] === revision && labels['istio.io/tag'] === undefined && typeof name === 'string' && !name.startsWith('istio-revision-tag-');
    case 'ConfigMap':
      return name === (revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`);
    case 'Deployment':
      return labels.app === 'istiod' && (labels[REV_LABEL] ?? 'default') === revision;
    case 'Service':
      return name === istiodService(revision);
    default:
      return false;
  }
}

/** The file name of documents the hypothesis adds (synthetic: never reported on). */
export const WHATIF_FILE = '<what-if>';

/** The chart's revisioned injection webhooks for a new revision, with istiod-<rev> and its Service in istio-system, as documents. */
function revisionDocuments(revision: string): SourceDocument[] {
  const service = istiodService(revision);
  const hook = (prefix: string, ns: string, obj: string) => `  - name: ${prefix}.sidecar-injector.istio.io
    clientConfig: {service: {name: ${service}, namespace: istio-system, path: /inject, port: 443}, caBundle: d2hhdC1pZg==}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions: [v1]
    namespaceSelector: {matchExpressions: [${ns}]}
    objectSelector: {matchExpressions: [${obj}]}
`;
  const text = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector-${revision}
  labels: {istio.io/rev: ${revision}}
webhooks:
${hook('rev.namespace', `{key: istio.io/rev, operator: In, values: [${revision}]}, {key: istio-injection, operator: DoesNotExist}`, '{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}')}${hook('rev.object', '{key: istio.io/rev, operator: DoesNotExist}, {key: istio-injection, operator: DoesNotExist}', `{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}, {key: istio.io/rev, operator: In, values: [${revision}]}`)}`;
  // The control plane the chart installs with it: istiod-<rev> and its Service, so the webhook call can be reached.
  const control = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${service}
  namespace: istio-system
  labels: {app: istiod, istio.io/rev: ${revision}}
spec:
  selector: {matchLabels: {app: istiod, istio.io/rev: ${revision}}}
  template:
    metadata:
      labels: {app: istiod, istio.io/rev: ${revision}, sidecar.istio.io/inject: "false"}
    spec:
      containers:
        - name: discovery
          image: pilot
          env: [{name: REVISION, value: ${revision}}]
---
apiVersion: v1
kind: Service
metadata:
  name: ${service}
  namespace: istio-system
  labels: {app: istiod, istio.io/rev: ${revision}}
spec:
  selector: {app: istiod, istio.io/rev: ${revision}}
  ports: [{name: https-webhook, port: 443, targetPort: 15017}]
`;
  return parseFile(WHATIF_FILE, `${text}---\n${control}`).documents;
}
