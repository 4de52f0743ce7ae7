/**
 * @fileoverview The pre-commit fast path: with `--also-read`, files outside the reported scope are read only for the
 * facts they can contribute to the files in scope. A cheap scan of each such file's text (its `kind:` values and a few
 * names) decides whether it is parsed at all; only the Namespaces of the namespaces in scope (all of them where that
 * cannot be settled from the text), webhook configurations, injector and root-certificate ConfigMaps/Secrets, istiod,
 * the Services/Endpoints behind webhooks and the workloads beside them, IstioOperators, GitOps definitions and
 * kustomizations are. The scan errs towards parsing: a file it cannot classify is parsed.
 *
 * It applies only when every document in scope is a workload or another object that no rule reads across files
 * (the common "I changed a Deployment" commit). A change to a Namespace, a webhook, an injector ConfigMap, a Service,
 * istiod or any other fact affects objects elsewhere, so then every file is parsed. Either way the report is the
 * same as without the pre-filter (test/e2e/fast-paths.test.ts compares them byte for byte over the corpus and over
 * a generated repository of one Namespace per team).
 */
import path from 'node:path';
import type { FileInput } from '../load/walk.js';
import type { InputProblem } from '../parse/yaml.js';
import { isRecord } from '../util/records.js';
import type { SourceDocument } from '../types.js';
import { podTemplatePath } from '../model/workloads.js';
import { INJECTOR_CONFIGMAP } from '../model/istio-keys.js';
import { KUSTOMIZATION_FILE_NAMES } from '../render/lazy.js';

/** One file's parse result. */
export interface ParsedInput {
  file: string;
  documents: SourceDocument[];
  problems: InputProblem[];
}

/** How `parseInputs` runs. */
export interface PrefilterOptions {
  /** True for files whose findings are reported; the others are context. Without it every file is parsed. */
  inScope?: ((file: string) => boolean) | undefined;
  /** Namespace of objects that name none (config `defaultNamespace`, `--namespace`). */
  defaultNamespace?: string | undefined;
}

/** GitOps definitions (Argo CD, Flux): they say where and how other manifests are applied, so an object's namespace may be set far from its file. */
const GITOPS_KINDS = ['Application', 'ApplicationSet', 'AppProject', 'Kustomization', 'HelmRelease', 'GitRepository', 'OCIRepository', 'HelmRepository', 'Bucket'];
/** Kinds whose objects decide verdicts or findings of other objects: a context file holding one is always parsed. */
const FACT_KINDS = new Set([
  'Namespace',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'HorizontalPodAutoscaler',
  'IstioOperator',
  // Sail Operator resources: each implies an istiod install or a tag and its webhooks (src/model/istio-installs.ts).
  'Istio',
  'IstioRevision',
  'IstioRevisionTag',
  ...GITOPS_KINDS,
]);
/** Kinds that are facts only when they are Istio's: injector, values and mesh ConfigMaps, root certificates. */
const CONFIG_KINDS = new Set(['ConfigMap', 'Secret']);
/** Root-certificate keys the model reads (model/build.ts). */
const CONFIG_MARKERS = /istio|root-cert\.pem|ca-cert\.pem|ca\.crt/;
/** Kinds that matter when a webhook calls them. */
const SERVICE_KINDS = new Set(['Service', 'Endpoints', 'EndpointSlice']);
/**
 * A Service that is a fact on its own: labelled `istio.io/tag` (it implies the tag's webhooks, Istio 1.28+), or named
 * like istiod (implied webhooks call `istiod[-<revision>]`, which the scan of webhook configurations cannot see).
 */
const ISTIO_SERVICE_MARKER = /istio\.io\/tag|[:-][ \t]*["']?istiod(?:-[A-Za-z0-9.-]*)?["']?[ \t]*(?:$|[,}\]#])/m;
/** Any kind with a pod template is a workload (model/workloads.ts podTemplatePath), and a pod template has containers. */
const WORKLOAD_MARKER = 'containers';
/** istiod's container (model/build.ts toIstiod). */
const ISTIOD_MARKER = 'discovery';
/** `kind: X`, `"kind": "X"`, `{kind: X}`: every kind value written in a file, nested ones included. */
const KIND_VALUE = /(?:^|[\s{,[])["']?kind["']?[ \t]*:[ \t]*(\S*)/gm;
const PLAIN_KIND = /^["']?([A-Za-z][A-Za-z0-9]*)["']?[,}\]]*$/;

/**
 * Parses the files a run needs, in input order. With `inScope`, in-scope files are parsed first; when they hold only
 * workloads and objects no rule reads across files, context files are parsed only if the pre-filter says they can
 * contribute a fact. Returns one entry per parsed file (skipped context files have none).
 */
export function parseInputs(files: readonly FileInput[], parse: (f: FileInput) => ParsedInput, options: PrefilterOptions): ParsedInput[] {
  const inScope = options.inScope;
  if (!inScope) return files.map(parse);
  const parsed = new Map<FileInput, ParsedInput>();
  for (const f of files) if (inScope(f.file)) parsed.set(f, parse(f));
  const scoped = [...parsed.values()];
  const context = files.filter((f) => !parsed.has(f));
  const parseAll = (): ParsedInput[] => {
    for (const f of files) if (!parsed.has(f)) parsed.set(f, parse(f));
    return files.map((f) => parsed.get(f)!);
  };
  if (context.length === 0 || !scoped.every((p) => p.documents.every((d) => isLeaf(d, undefined)))) return parseAll();

  // Phase 1: every context file that holds a fact of its own (or that the scan cannot classify). Files that hold
  // only Namespaces wait: most repositories have one per team, and a change to workloads needs only a few of them.
  const later: { f: FileInput; kinds: Set<string> }[] = [];
  const namespaceFiles: FileInput[] = [];
  for (const f of context) {
    const kinds = kindsIn(f.text);
    const kustomization = isKustomization(f.file);
    if (kinds !== undefined && kinds.size > 0 && onlyNamespaces(kinds) && !kustomization) namespaceFiles.push(f);
    else if (kinds === undefined || kustomization || needsParse(kinds, f.text)) parsed.set(f, parse(f));
    else if (someService(kinds) || f.text.includes(WORKLOAD_MARKER)) later.push({ f, kinds });
  }
  // A Service in scope is a fact when a webhook calls it.
  const targets = webhookTargets([...parsed.values()]);
  if (!scoped.every((p) => p.documents.every((d) => isLeaf(d, targets.names)))) return parseAll();
  const settled = parseNamespaces(namespaceFiles, scoped, [...parsed.values()], targets.namespaces, options.defaultNamespace, (f) => {
    const p = parse(f);
    parsed.set(f, p);
    return p;
  });
  if (!settled) return parseAll();

  // Phase 2: the Services and Endpoints webhooks call (by name; over-inclusive is harmless).
  const nameValue = valueMatcher(targets.names);
  for (const { f, kinds } of later) if (someService(kinds) && (nameValue.test(f.text) || ((f.text.includes('istio.io/tag') || f.text.includes('istiod')) && ISTIO_SERVICE_MARKER.test(f.text)))) parsed.set(f, parse(f));

  // Phase 3: workloads: istiod, and the pods behind those Services (layer reachability: backingWorkloads, and
  // whether the Service's namespace has any workload at all). When that cannot be settled from the text, all of them.
  const selectors = backendSelectors([...parsed.values()], targets);
  let everyWorkload = alwaysInjectSelectorsIn([...parsed.values()]);
  const pending = later.filter(({ f }) => !parsed.has(f) && f.text.includes(WORKLOAD_MARKER));
  if (!everyWorkload) {
    const matchers = selectors.map((s) => [...s.values].map((v) => valueMatcher(new Set([v]))));
    for (const { f } of pending) {
      if (f.text.includes(ISTIOD_MARKER) || matchers.some((m) => m.every((r) => r.test(f.text)))) parsed.set(f, parse(f));
    }
    const present = new Set([...parsed.values()].flatMap((p) => p.documents.map(workloadNamespace)));
    everyWorkload = selectors.some((s) => !present.has(s.namespace));
  }
  if (everyWorkload) for (const { f } of pending) if (!parsed.has(f)) parsed.set(f, parse(f));
  return files.filter((f) => parsed.has(f)).map((f) => parsed.get(f)!);
}

/**
 * Parses the Namespace-only context files a change to workloads needs: those that name a namespace of an in-scope
 * object or of a webhook's Service; all of them when GitOps definitions or kustomizations may move objects to other
 * namespaces, or when an in-scope object names no namespace. False when, without those, a namespace of an in-scope
 * object has no Namespace object: its verdicts are then unknown, their what-if outcomes list the labels of every other Namespace,
 * and `injection-unknown` reports the missing Namespace once, at the first of all its workloads, so every file is
 * needed.
 */
function parseNamespaces(
  files: readonly FileInput[], scoped: readonly ParsedInput[], context: readonly ParsedInput[], targetNamespaces: ReadonlySet<string>,
  defaultNamespace: string | undefined, parse: (f: FileInput) => ParsedInput,
): boolean {
  const scopeNamespaces = new Set<string>();
  let all = context.some((p) => isKustomization(p.file) || p.documents.some((d) => isRecord(d.value) && typeof d.value.kind === 'string' && GITOPS_KINDS.includes(d.value.kind)));
  for (const p of scoped) {
    for (const d of p.documents) {
      const meta = isRecord(d.value) && isRecord(d.value.metadata) ? d.value.metadata : undefined;
      const ns = typeof meta?.namespace === 'string' && meta.namespace !== '' ? meta.namespace : defaultNamespace;
      if (ns === undefined) all = true;
      else scopeNamespaces.add(ns);
    }
  }
  const read: ParsedInput[] = [...context, ...scoped];
  const names = valueMatcher(new Set([...scopeNamespaces, ...targetNamespaces]));
  for (const f of files) if (all || names.test(f.text)) read.push(parse(f));
  const declared = new Set<string>();
  for (const p of read) {
    for (const d of p.documents) if (isRecord(d.value) && d.value.kind === 'Namespace' && isRecord(d.value.metadata)) declared.add(String(d.value.metadata.name));
  }
  // With GitOps definitions or kustomizations, in-scope objects may be deployed to other namespaces than they
  // name: the Namespaces were all read, and the fast path stands as before (its corpus comparison holds).
  return all || [...scopeNamespaces].every((ns) => declared.has(ns));
}

/** The explicit namespace of a workload document (undefined for other documents and for workloads that name none). */
function workloadNamespace(doc: SourceDocument): string | undefined {
  const v = doc.value;
  if (!isRecord(v) || typeof v.kind !== 'string' || podTemplatePath(v.kind, v) === undefined || !isRecord(v.metadata)) return undefined;
  return typeof v.metadata.namespace === 'string' ? v.metadata.namespace : undefined;
}

/** Selectors of the parsed Services that webhooks call: their pods decide whether the webhook is reachable. */
function backendSelectors(inputs: readonly ParsedInput[], targets: { names: Set<string>; refs: Set<string> }): { namespace: string; values: Set<string> }[] {
  const out: { namespace: string; values: Set<string> }[] = [];
  for (const p of inputs) {
    for (const d of p.documents) {
      const v = d.value;
      if (!isRecord(v) || v.kind !== 'Service' || !isRecord(v.metadata) || !isRecord(v.spec) || !isRecord(v.spec.selector)) continue;
      const ns = v.metadata.namespace;
      const values = new Set(Object.values(v.spec.selector).map(String));
      if (values.size === 0) continue;
      // A called Service whose namespace comes from elsewhere (--namespace, a kustomization): no namespace is known
      // to hold its pods, which makes every workload needed.
      if (typeof ns !== 'string') {
        if (targets.names.has(String(v.metadata.name))) out.push({ namespace: '', values });
        continue;
      }
      if (targets.refs.has(`${ns}/${String(v.metadata.name)}`)) out.push({ namespace: ns, values });
    }
  }
  return out;
}

/**
 * An in-scope document that cannot change verdicts or findings elsewhere: not a fact kind, not istiod, not a Service
 * (or Endpoints) that a webhook calls. Before the webhooks are known (`serviceNames` undefined), Services pass.
 */
function isLeaf(doc: SourceDocument, serviceNames: ReadonlySet<string> | undefined): boolean {
  const v = doc.value;
  if (!isRecord(v) || typeof v.kind !== 'string') return true; // not an object: only its own diagnostic
  const kind = v.kind;
  if (SERVICE_KINDS.has(kind)) {
    const meta = isRecord(v.metadata) ? v.metadata : {};
    const labels = isRecord(meta.labels) ? meta.labels : {};
    if (labels['istio.io/tag'] !== undefined || /^istiod(-|$)/.test(String(meta.name)) || /^istiod(-|$)/.test(String(labels['kubernetes.io/service-name']))) return false;
    if (serviceNames === undefined) return true;
    return !serviceNames.has(String(meta.name)) && !serviceNames.has(String(labels['kubernetes.io/service-name']));
  }
  if (FACT_KINDS.has(kind) || /List$/.test(kind)) return false;
  if (CONFIG_KINDS.has(kind)) return !CONFIG_MARKERS.test(JSON.stringify(v));
  if (podTemplatePath(kind, v) !== undefined) return !JSON.stringify(v).includes(ISTIOD_MARKER);
  return true;
}

/** The kinds named in a text, or undefined when one is written in a way the scan cannot read (alias, tag, escape). */
export function kindsIn(text: string): Set<string> | undefined {
  const kinds = new Set<string>();
  // exec with lastIndex, not matchAll, which copies the pattern for every text.
  KIND_VALUE.lastIndex = 0;
  for (let m = KIND_VALUE.exec(text); m !== null; m = KIND_VALUE.exec(text)) {
    const raw = m[1]!;
    if (raw === '') return undefined; // the value is on another line (or absent)
    const plain = PLAIN_KIND.exec(raw);
    if (!plain) {
      if (/^[*&!|>]/.test(raw) || raw.includes('\\')) return undefined;
      continue; // a kind-like key inside prose or a string: not a Kubernetes kind
    }
    kinds.add(plain[1]!);
  }
  return kinds;
}

/** Matches a text in which one of `values` is written as a whole scalar value (`name: x`, `"namespace": "x",`). */
function valueMatcher(values: ReadonlySet<string>): { test(text: string): boolean } {
  const list = [...values];
  const alternatives = list.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const re = new RegExp(`[:-][ \\t]*["']?(?:${alternatives})["']?[ \\t]*(?:$|[,}\\]#])`, 'm');
  // The pattern matches only where a value is written literally, so a text without any of them is settled by a
  // substring search, which is many times faster than the pattern on the thousands of files of a pre-commit run
  // (for a few values; with many, one pass of the pattern is cheaper than a search per value).
  const search = list.length > 0 && list.length <= 16;
  return { test: (text) => (!search || list.some((v) => text.includes(v))) && re.test(text) };
}

function onlyNamespaces(kinds: ReadonlySet<string>): boolean {
  for (const k of kinds) if (k !== 'Namespace') return false;
  return true;
}

function someService(kinds: ReadonlySet<string>): boolean {
  for (const k of kinds) if (SERVICE_KINDS.has(k)) return true;
  return false;
}

function needsParse(kinds: Set<string>, text: string): boolean {
  for (const k of kinds) {
    if (FACT_KINDS.has(k) || /List$/.test(k)) return true;
    if (CONFIG_KINDS.has(k) && CONFIG_MARKERS.test(text)) return true;
  }
  return false;
}

function isKustomization(file: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(path.posix.basename(file));
}

/** Names and namespaces of the Services webhooks call; istiod in istio-system stands for the assumed default install. */
function webhookTargets(inputs: readonly ParsedInput[]): { names: Set<string>; namespaces: Set<string>; refs: Set<string> } {
  const names = new Set(['istiod']);
  const namespaces = new Set(['istio-system']);
  const refs = new Set<string>();
  for (const p of inputs) {
    for (const d of p.documents) {
      const hooks = isRecord(d.value) && Array.isArray(d.value.webhooks) ? d.value.webhooks : [];
      for (const h of hooks) {
        const svc = isRecord(h) && isRecord(h.clientConfig) && isRecord(h.clientConfig.service) ? h.clientConfig.service : undefined;
        if (!svc) continue;
        if (typeof svc.name === 'string' && svc.name !== '') names.add(svc.name);
        if (typeof svc.namespace === 'string' && svc.namespace !== '') namespaces.add(svc.namespace);
        refs.add(`${String(svc.namespace)}/${String(svc.name)}`);
      }
    }
  }
  return { names, namespaces, refs };
}

/**
 * True when an injector ConfigMap may have alwaysInjectSelector entries: never-always-selector then reports, in one
 * finding, every workload such a selector does not reach, so every workload is needed.
 */
function alwaysInjectSelectorsIn(inputs: readonly ParsedInput[]): boolean {
  for (const p of inputs) {
    for (const d of p.documents) {
      const v = d.value;
      if (!isRecord(v) || v.kind !== 'ConfigMap' || !isRecord(v.metadata) || typeof v.metadata.name !== 'string') continue;
      if (!v.metadata.name.startsWith(INJECTOR_CONFIGMAP) || !isRecord(v.data)) continue;
      const config = v.data.config;
      if (typeof config !== 'string') {
        if (config !== undefined) return true;
        continue;
      }
      // Only a written-out empty value (`[]`, `null`, `~`) is known to select nothing; a block list follows the key.
      for (const m of config.matchAll(/alwaysInjectSelector["']?[ \t]*:[ \t]*([^\n]*)/g)) {
        if (!/^(\[[ \t]*\]|null|~)[ \t,}]*(#.*)?$/.test(m[1]!.trim())) return true;
      }
    }
  }
  return false;
}
