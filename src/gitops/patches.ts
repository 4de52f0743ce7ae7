/**
 * @fileoverview kustomize patches applied in-process to plain objects, for the Flux HelmRelease `postRenderers`
 * (src/gitops/helm-release.ts). Nothing is run: the semantics are kustomize's (kubernetes-sigs/kustomize v5):
 *
 * - targets (api/types/selector.go, api/resmap/reswrangler.go `Select`): `group`, `version`, `kind`, `name` and
 *   `namespace` are regular expressions anchored at both ends; an object without a namespace is in `default`; a
 *   cluster-scoped one is in no namespace; `labelSelector` / `annotationSelector` use the label selector syntax;
 * - a strategic merge patch without a target applies to the one object with its apiVersion, kind, name and
 *   namespace (plugin/builtin/patchtransformer `GetById`); a JSON 6902 patch needs a target;
 * - strategic merge (kyaml/yaml/merge2, with kustomize's built-in OpenAPI schema): maps merge key by key, `null`
 *   removes a key, `$patch: delete` removes a map or a list element, `$patch: replace` replaces it; a list the schema
 *   merges (`containers`, `initContainers`, `volumes`, `env`, `ports`, `volumeMounts`, …) merges its elements by the
 *   merge key, listing the patch's elements first (kustomize prepends), any other list is replaced; kinds kustomize
 *   has no schema for (custom resources) have every list replaced; the name, kind and namespace never change;
 * - JSON 6902 (RFC 6902, evanphx/json-patch): `add`, `remove`, `replace`, `move`, `copy`, `test`;
 * - `images` (api/filters/imagetag): `containers[].image` and `initContainers[].image` whose name matches get
 *   `newName`, `newTag` and / or `digest`.
 *
 * What cannot be applied (a patch that matches nothing, a failing operation, an unknown directive) is reported as a
 * located note; the object is then left as rendered.
 */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import { isRecord } from '../util/records.js';
import { requirementMatches } from '../model/selectors.js';
import type { Requirement } from '../model/selectors.js';
import { stringMap } from '../model/build.js';
import { parseFile } from '../parse/yaml.js';
import { CLUSTER_SCOPED_KINDS } from '../model/workloads.js';

/** A kustomize target selector (fluxcd/pkg apis/kustomize Selector). */
export interface PatchTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** One transformation of a postRenderer, as written. */
export type PatchStep =
  | { readonly type: 'strategic-merge'; readonly patches: readonly Record<string, unknown>[]; readonly target?: PatchTarget; readonly ref: NodeRef; readonly label: string }
  | { readonly type: 'json6902'; readonly ops: readonly unknown[]; readonly target?: PatchTarget; readonly ref: NodeRef; readonly label: string }
  | { readonly type: 'image'; readonly image: { readonly name: string; readonly newName?: string; readonly newTag?: string; readonly digest?: string }; readonly ref: NodeRef; readonly label: string };

/** Something a step could not do, where it is written. */
export interface PatchNote {
  readonly message: string;
  readonly ref: NodeRef;
}

/** The steps of `spec.postRenderers` of a HelmRelease document, in the order the controller runs them. */
export function readPostRenderers(doc: SourceDocument): { steps: PatchStep[]; notes: PatchNote[] } {
  const steps: PatchStep[] = [];
  const notes: PatchNote[] = [];
  const spec = isRecord(doc.value) && isRecord(doc.value.spec) ? doc.value.spec : {};
  const renderers = Array.isArray(spec.postRenderers) ? spec.postRenderers : [];
  renderers.forEach((r: unknown, ri) => {
    const k = isRecord(r) && isRecord(r.kustomize) ? r.kustomize : undefined;
    if (!k) return;
    const base: YamlPath = ['spec', 'postRenderers', ri, 'kustomize'];
    const label = (rest: string) => `postRenderers[${ri}].kustomize.${rest}`;
    // kustomize's transformer order: patchesStrategicMerge, patches, patchesJson6902, images
    // (api/internal/target/kusttarget_configplugin.go); the deprecated fields are helm-controller v2beta1's.
    list(k.patchesStrategicMerge).forEach((p, i) => {
      const ref = { doc, path: [...base, 'patchesStrategicMerge', i] };
      if (isRecord(p)) steps.push({ type: 'strategic-merge', patches: [p], ref, label: label(`patchesStrategicMerge[${i}]`) });
      else notes.push({ message: `${label(`patchesStrategicMerge[${i}]`)} is not a mapping: not applied`, ref });
    });
    list(k.patches).forEach((p, i) => {
      const ref = { doc, path: [...base, 'patches', i] };
      const name = label(`patches[${i}]`);
      if (!isRecord(p) || typeof p.patch !== 'string' || p.patch.trim() === '') {
        notes.push({ message: `${name} has no inline patch (a patch from a file cannot be read here): not applied`, ref });
        return;
      }
      const target = readTarget(p.target);
      const parsed = parsePatchText(doc.file, p.patch);
      if ('error' in parsed) {
        notes.push({ message: `${name}: ${parsed.error}: not applied`, ref: { doc, path: [...ref.path, 'patch'] } });
        return;
      }
      if (parsed.type === 'json6902') steps.push({ type: 'json6902', ops: parsed.ops, ...(target ? { target } : {}), ref, label: name });
      else steps.push({ type: 'strategic-merge', patches: parsed.patches, ...(target ? { target } : {}), ref, label: name });
    });
    list(k.patchesJson6902).forEach((p, i) => {
      const ref = { doc, path: [...base, 'patchesJson6902', i] };
      const name = label(`patchesJson6902[${i}]`);
      const target = isRecord(p) ? readTarget(p.target) : undefined;
      if (!isRecord(p) || !Array.isArray(p.patch)) notes.push({ message: `${name} has no list of operations: not applied`, ref });
      else steps.push({ type: 'json6902', ops: p.patch, ...(target ? { target } : {}), ref, label: name });
    });
    list(k.images).forEach((img, i) => {
      const ref = { doc, path: [...base, 'images', i] };
      if (!isRecord(img) || typeof img.name !== 'string' || img.name === '') return;
      const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
      const image = { name: img.name, ...opt('newName', s(img.newName)), ...opt('newTag', s(img.newTag)), ...opt('digest', s(img.digest)) };
      steps.push({ type: 'image', image, ref, label: label(`images[${i}]`) });
    });
  });
  return { steps, notes };
}

function opt<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function readTarget(t: unknown): PatchTarget | undefined {
  if (!isRecord(t)) return undefined;
  const out: Record<string, string> = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector']) {
    if (typeof t[k] === 'string') out[k] = t[k];
  }
  return out;
}

/** A `patches[].patch` text: a JSON 6902 operation list, or one or more strategic merge patches (patchtransformer `Config`). */
function parsePatchText(file: string, text: string): { type: 'json6902'; ops: unknown[] } | { type: 'strategic-merge'; patches: Record<string, unknown>[] } | { error: string } {
  const parsed = parseFile(file, text);
  if (parsed.problems.length > 0) return { error: `the patch is not valid YAML (${parsed.problems[0]!.message})` };
  const values = parsed.documents.map((d) => d.value).filter((v) => v !== null && v !== undefined);
  if (values.length === 1 && Array.isArray(values[0])) return { type: 'json6902', ops: values[0] };
  if (values.length > 0 && values.every(isRecord)) return { type: 'strategic-merge', patches: values };
  return { error: 'the patch is neither a strategic merge patch nor a JSON 6902 operation list' };
}

// ---- applying ----

/** One object of a render, by position; `value` undefined once a patch deleted it. */
export interface PatchedObject {
  value: unknown;
  /** Labels of the steps that changed it. */
  readonly applied: string[];
}

/** Applies the steps in order to the objects (copies; the inputs are never changed). */
export function applyPatchSteps(values: readonly unknown[], steps: readonly PatchStep[]): { objects: PatchedObject[]; notes: PatchNote[] } {
  const objects: PatchedObject[] = values.map((value) => ({ value: structuredClone(value), applied: [] }));
  const notes: PatchNote[] = [];
  for (const step of steps) {
    if (step.type === 'image') {
      for (const o of objects) if (o.value !== undefined && setImages(o.value, step.image)) o.applied.push(step.label);
      continue;
    }
    if (step.type === 'json6902') {
      if (!step.target) {
        notes.push({ message: `${step.label}: a JSON 6902 patch needs a target: not applied`, ref: step.ref });
        continue;
      }
      const selected = select(objects, step.target);
      if ('error' in selected) {
        notes.push({ message: `${step.label}: ${selected.error}: not applied`, ref: step.ref });
        continue;
      }
      for (const o of selected) {
        const result = applyJson6902(o.value, step.ops);
        if ('error' in result) notes.push({ message: `${step.label} does not apply to ${describe(o.value)}: ${result.error}`, ref: step.ref });
        else {
          o.value = keepIdentity(o.value, result.value);
          o.applied.push(step.label);
        }
      }
      continue;
    }
    if (step.target) {
      if (step.patches.length > 1) {
        notes.push({ message: `${step.label}: a target allows one strategic merge patch per entry: not applied`, ref: step.ref });
        continue;
      }
      const selected = select(objects, step.target);
      if ('error' in selected) {
        notes.push({ message: `${step.label}: ${selected.error}: not applied`, ref: step.ref });
        continue;
      }
      for (const o of selected) mergeInto(o, step.patches[0]!, step, notes);
      continue;
    }
    for (const patch of step.patches) {
      const matches = objects.filter((o) => o.value !== undefined && sameId(o.value, patch));
      if (matches.length !== 1) {
        notes.push({ message: `${step.label}: ${matches.length === 0 ? 'no' : 'more than one'} rendered object is ${describe(patch)}: not applied`, ref: step.ref });
        continue;
      }
      mergeInto(matches[0]!, patch, step, notes);
    }
  }
  return { objects, notes };
}

function mergeInto(o: PatchedObject, patch: Record<string, unknown>, step: PatchStep, notes: PatchNote[]): void {
  const result = strategicMerge(o.value, patch);
  for (const d of result.unsupported) notes.push({ message: `${step.label}: the ${d} directive is not applied`, ref: step.ref });
  o.value = result.value === undefined ? undefined : keepIdentity(o.value, result.value);
  o.applied.push(step.label);
}

/** `Kind namespace/name` of a plain object. */
function describe(v: unknown): string {
  const { kind, name, namespace } = idOf(v);
  return `${kind || 'an object'} ${namespace ? `${namespace}/` : ''}${name}`;
}

function idOf(v: unknown): { group: string; version: string; kind: string; name: string; namespace: string } {
  const o = isRecord(v) ? v : {};
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const meta = isRecord(o.metadata) ? o.metadata : {};
  return {
    group: slash >= 0 ? apiVersion.slice(0, slash) : '',
    version: slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion,
    kind: typeof o.kind === 'string' ? o.kind : '',
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
  };
}

/** kyaml resid `EffectiveNamespace`: unset is `default`; cluster-scoped kinds have none. */
function effectiveNamespace(id: { kind: string; namespace: string }): string {
  if (CLUSTER_SCOPED_KINDS.has(id.kind)) return '~X';
  return id.namespace === '' ? 'default' : id.namespace;
}

/** resid `Equals`: the same group, version, kind, name and effective namespace. */
function sameId(value: unknown, patch: unknown): boolean {
  const a = idOf(value);
  const b = idOf(patch);
  return a.group === b.group && a.version === b.version && a.kind === b.kind && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b);
}

/** The result keeps the object's name, kind and namespace (resource.go `ApplySmPatch`; the JSON patch filter likewise). */
function keepIdentity(before: unknown, after: unknown): unknown {
  if (!isRecord(before) || !isRecord(after)) return after;
  const meta = isRecord(after.metadata) ? { ...after.metadata } : {};
  const was = isRecord(before.metadata) ? before.metadata : {};
  for (const k of ['name', 'namespace'] as const) {
    if (was[k] === undefined) delete meta[k];
    else meta[k] = was[k];
  }
  return { ...after, kind: before.kind, metadata: meta };
}

/** reswrangler `Select`. */
function select(objects: readonly PatchedObject[], t: PatchTarget): PatchedObject[] | { error: string } {
  const regex = (p: string | undefined): RegExp | undefined | { error: string } => {
    if (p === undefined || p === '') return undefined;
    try {
      return new RegExp(`^(?:${p})$`);
    } catch {
      return { error: `target pattern ${p} is not a regular expression` };
    }
  };
  const res = { group: regex(t.group), version: regex(t.version), kind: regex(t.kind), name: regex(t.name), namespace: regex(t.namespace) };
  for (const r of Object.values(res)) if (r && 'error' in r) return r;
  const labels = t.labelSelector ? parseLabelSelector(t.labelSelector) : [];
  if ('error' in labels) return { error: `labelSelector ${t.labelSelector}: ${labels.error}` };
  const annotations = t.annotationSelector ? parseLabelSelector(t.annotationSelector) : [];
  if ('error' in annotations) return { error: `annotationSelector ${t.annotationSelector}: ${annotations.error}` };
  const test = (r: RegExp | undefined | { error: string }, s: string) => !r || ('test' in r && r.test(s));
  return objects.filter((o) => {
    if (o.value === undefined) return false;
    const id = idOf(o.value);
    if (!test(res.namespace, effectiveNamespace(id)) || !test(res.name, id.name)) return false;
    if (!test(res.group, id.group) || !test(res.version, id.version) || !test(res.kind, id.kind)) return false;
    const meta = isRecord(o.value) && isRecord(o.value.metadata) ? o.value.metadata : {};
    const l = stringMap(meta.labels);
    const a = stringMap(meta.annotations);
    return labels.every((r) => requirementMatches(r, l)) && annotations.every((r) => requirementMatches(r, a));
  });
}

/**
 * A label selector string (k8s.io/apimachinery labels.Parse): `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, comma-separated; `k>n` / `k<n` are not supported here.
 */
export function parseLabelSelector(text: string): Requirement[] | { error: string } {
  const out: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (p === '') return { error: 'an empty requirement' };
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(p))) {
      const values = m[3]!.split(',').map((v) => v.trim());
      out.push({ key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values, path: [] });
    } else if ((m = /^([^\s!=<>(),]+)\s*(==|=|!=)\s*([^\s!=<>(),]*)$/.exec(p))) {
      out.push({ key: m[1]!, operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]!], path: [] });
    } else if ((m = /^!\s*([^\s!=<>(),]+)$/.exec(p))) {
      out.push({ key: m[1]!, operator: 'DoesNotExist', values: [], path: [] });
    } else if (/^[^\s!=<>(),]+$/.test(p)) {
      out.push({ key: p, operator: 'Exists', values: [], path: [] });
    } else {
      return { error: `cannot read the requirement "${p}"` };
    }
  }
  return out;
}

// ---- strategic merge ----

/** How the lists of a kind merge (kustomize's built-in schema): merge key per field; `''` for a list of scalars. */
interface Schema {
  readonly fields?: Readonly<Record<string, Schema>>;
  readonly mergeKey?: string;
  readonly items?: Schema;
}

const META: Schema = { fields: { ownerReferences: { mergeKey: 'uid' }, finalizers: { mergeKey: '' } } };
const CONTAINER: Schema = {
  fields: { env: { mergeKey: 'name' }, ports: { mergeKey: 'containerPort' }, volumeMounts: { mergeKey: 'mountPath' }, volumeDevices: { mergeKey: 'devicePath' } },
};
const POD_SPEC: Schema = {
  fields: {
    containers: { mergeKey: 'name', items: CONTAINER },
    initContainers: { mergeKey: 'name', items: CONTAINER },
    ephemeralContainers: { mergeKey: 'name', items: CONTAINER },
    volumes: { mergeKey: 'name' },
    imagePullSecrets: { mergeKey: 'name' },
    hostAliases: { mergeKey: 'ip' },
    topologySpreadConstraints: { mergeKey: 'topologyKey' },
    resourceClaims: { mergeKey: 'name' },
    schedulingGates: { mergeKey: 'name' },
  },
};
const POD_TEMPLATE: Schema = { fields: { metadata: META, spec: POD_SPEC } };
const WITH_TEMPLATE: Schema = { fields: { metadata: META, spec: { fields: { template: POD_TEMPLATE } } } };
/** Kinds of the Kubernetes API (groups core, apps, batch) whose schema kustomize carries, as far as verdicts go. */
const SCHEMAS: Readonly<Record<string, Schema>> = {
  Pod: { fields: { metadata: META, spec: POD_SPEC } },
  PodTemplate: { fields: { metadata: META, template: POD_TEMPLATE } },
  Deployment: WITH_TEMPLATE,
  ReplicaSet: WITH_TEMPLATE,
  ReplicationController: WITH_TEMPLATE,
  StatefulSet: WITH_TEMPLATE,
  DaemonSet: WITH_TEMPLATE,
  Job: WITH_TEMPLATE,
  CronJob: { fields: { metadata: META, spec: { fields: { jobTemplate: { fields: { metadata: META, spec: { fields: { template: POD_TEMPLATE } } } } } } } },
  Service: { fields: { metadata: META, spec: { fields: { ports: { mergeKey: 'port' } } } } },
  Namespace: { fields: { metadata: META } },
};
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'extensions']);

const DIRECTIVE = '$patch';
/** Directives of the Kubernetes strategic merge patch that kyaml does not implement. */
const UNSUPPORTED = /^\$(retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** Merges `patch` into `value` (copies); `value` undefined when the patch deletes the whole object. */
export function strategicMerge(value: unknown, patch: Record<string, unknown>): { value: unknown; unsupported: string[] } {
  const id = idOf(value);
  const schema = BUILTIN_GROUPS.has(id.group) ? SCHEMAS[id.kind] : undefined;
  const unsupported: string[] = [];
  const merged = mergeValue(value, patch, schema, unsupported);
  return { value: merged === DELETE ? undefined : merged, unsupported: [...new Set(unsupported)] };
}

const DELETE = Symbol('delete');

function mergeValue(dest: unknown, patch: unknown, schema: Schema | undefined, unsupported: string[]): unknown {
  if (patch === null) return DELETE;
  if (isRecord(patch)) {
    const directive = patch[DIRECTIVE];
    const rest = withoutDirective(patch);
    if (directive === 'delete') return DELETE;
    if (directive === 'replace' || !isRecord(dest)) return clean(rest, unsupported);
    const out: Record<string, unknown> = { ...dest };
    for (const [k, v] of Object.entries(rest)) {
      if (UNSUPPORTED.test(k)) {
        unsupported.push(k.split('/')[0]!);
        continue;
      }
      const merged = k in out ? mergeValue(out[k], v, schema?.fields?.[k], unsupported) : addValue(v, unsupported);
      if (merged === DELETE) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(patch)) {
    if (!Array.isArray(dest) || schema?.mergeKey === undefined) return clean(patch, unsupported);
    return mergeList(dest, patch, schema, unsupported);
  }
  return patch;
}

/** A value added where the object had none: directives are dropped, `$patch: delete` adds nothing. */
function addValue(v: unknown, unsupported: string[]): unknown {
  if (v === null) return DELETE;
  if (isRecord(v) && v[DIRECTIVE] === 'delete') return DELETE;
  return clean(v, unsupported);
}

function withoutDirective(m: Record<string, unknown>): Record<string, unknown> {
  const { [DIRECTIVE]: _directive, ...rest } = m;
  return rest;
}

/** A patch value taken as it is, minus the directives it carries. */
function clean(v: unknown, unsupported: string[]): unknown {
  if (Array.isArray(v)) {
    return v.filter((e) => !(isRecord(e) && DIRECTIVE in e && Object.keys(e).length === 1)).map((e) => clean(e, unsupported));
  }
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(withoutDirective(v))) {
    if (UNSUPPORTED.test(k)) {
      unsupported.push(k.split('/')[0]!);
      continue;
    }
    out[k] = clean(e, unsupported);
  }
  return out;
}

/**
 * An associative list (walk/associative_sequence.go with ListIncreaseDirection prepend): a `{$patch: replace}` or
 * `{$patch: delete}` element acts on the whole list; elements are matched by the merge key (scalars by value) and
 * merged in place of a match; the result lists the patch's elements in patch order, then the object's others.
 */
function mergeList(dest: readonly unknown[], patch: readonly unknown[], schema: Schema, unsupported: string[]): unknown {
  const whole = patch.find((e) => isRecord(e) && Object.keys(e).length === 1 && typeof e[DIRECTIVE] === 'string');
  const wholeDirective = isRecord(whole) ? whole[DIRECTIVE] : undefined;
  if (wholeDirective === 'delete') return DELETE;
  const elements = patch.filter((e) => e !== whole);
  if (wholeDirective === 'replace') return clean(elements, unsupported);
  const key = schema.mergeKey!;
  const keyOf = (e: unknown): string | undefined => {
    if (key === '') return isRecord(e) || Array.isArray(e) ? undefined : String(e as string | number | boolean | null);
    return isRecord(e) && e[key] !== undefined && e[key] !== null ? String(e[key] as string | number | boolean) : undefined;
  };
  const rest = [...dest];
  const front: unknown[] = [];
  for (const e of elements) {
    const k = keyOf(e);
    const at = k === undefined ? -1 : rest.findIndex((d) => keyOf(d) === k);
    if (at < 0) {
      const added = addValue(e, unsupported);
      if (added !== DELETE) front.push(added);
      continue;
    }
    const merged = key === '' ? e : mergeValue(rest[at], e, schema.items, unsupported);
    rest.splice(at, 1);
    if (merged !== DELETE) front.push(merged);
  }
  return [...front, ...rest];
}

// ---- JSON 6902 ----

/** RFC 6902 on a copy; the first failing operation fails the whole patch (evanphx/json-patch `Apply`). */
export function applyJson6902(value: unknown, ops: readonly unknown[]): { value: unknown } | { error: string } {
  let doc: unknown = structuredClone(value);
  for (const [i, raw] of ops.entries()) {
    if (!isRecord(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') return { error: `operation ${i} needs op and path` };
    const path = pointer(raw.path);
    if (path === undefined) return { error: `operation ${i}: path ${raw.path} is not a JSON pointer` };
    const from = typeof raw.from === 'string' ? pointer(raw.from) : undefined;
    let r: { value: unknown } | { error: string };
    switch (raw.op) {
      case 'add':
        r = add(doc, path, structuredClone(raw.value));
        break;
      case 'remove':
        r = remove(doc, path);
        break;
      case 'replace': {
        const removed = remove(doc, path);
        r = 'error' in removed ? removed : add(removed.value, path, structuredClone(raw.value));
        break;
      }
      case 'copy':
      case 'move': {
        if (from === undefined) return { error: `operation ${i} (${raw.op}) needs a from pointer` };
        const got = get(doc, from);
        if (got === undefined) {
          r = { error: `${raw.from} does not exist` };
          break;
        }
        const moved = raw.op === 'move' ? remove(doc, from) : { value: doc };
        r = 'error' in moved ? moved : add(moved.value, path, structuredClone(got.value));
        break;
      }
      case 'test': {
        const got = get(doc, path);
        r = got !== undefined && JSON.stringify(got.value) === JSON.stringify(raw.value) ? { value: doc } : { error: `test of ${raw.path} failed` };
        break;
      }
      default:
        r = { error: `operation ${i}: unknown op ${raw.op}` };
    }
    if ('error' in r) return { error: `${raw.op} ${raw.path}: ${r.error}` };
    doc = r.value;
  }
  return { value: doc };
}

function pointer(p: string): string[] | undefined {
  if (p === '') return [];
  if (!p.startsWith('/')) return undefined;
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: unknown, path: readonly string[]): { value: unknown } | undefined {
  let cur: unknown = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(seg) || Number(seg) >= cur.length) return undefined;
      cur = cur[Number(seg)];
    } else if (isRecord(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = cur[seg];
    } else return undefined;
  }
  return { value: cur };
}

function add(doc: unknown, path: readonly string[], value: unknown): { value: unknown } | { error: string } {
  if (path.length === 0) return { value };
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (!parent) return { error: 'the parent does not exist' };
  const p = parent.value;
  if (Array.isArray(p)) {
    const i = last === '-' ? p.length : /^(0|[1-9]\d*)$/.test(last) ? Number(last) : NaN;
    if (!(i >= 0 && i <= p.length)) return { error: `index ${last} is out of range` };
    p.splice(i, 0, value);
  } else if (isRecord(p)) {
    p[last] = value;
  } else return { error: 'the parent is not an object or a list' };
  return { value: doc };
}

function remove(doc: unknown, path: readonly string[]): { value: unknown } | { error: string } {
  if (path.length === 0) return { error: 'the whole document cannot be removed' };
  if (!get(doc, path)) return { error: 'it does not exist' };
  const p = get(doc, path.slice(0, -1))!.value;
  const last = path[path.length - 1]!;
  if (Array.isArray(p)) p.splice(Number(last), 1);
  else delete (p as Record<string, unknown>)[last];
  return { value: doc };
}

// ---- images ----

/** api/filters/imagetag over every `containers` / `initContainers` list; true when an image changed. */
function setImages(value: unknown, image: { name: string; newName?: string; newTag?: string; digest?: string }): boolean {
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^${image.name}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return false; // an invalid name matches nothing (image.go IsImageMatched)
  }
  let changed = false;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (!isRecord(v)) return;
    for (const [k, child] of Object.entries(v)) {
      if ((k === 'containers' || k === 'initContainers') && Array.isArray(child)) {
        for (const c of child) {
          if (!isRecord(c) || typeof c.image !== 'string' || !pattern.test(c.image)) continue;
          const next = retag(c.image, image);
          if (next !== c.image) {
            c.image = next;
            changed = true;
          }
        }
      }
      visit(child);
    }
  };
  visit(value);
  return changed;
}

function retag(current: string, image: { newName?: string; newTag?: string; digest?: string }): string {
  let { name, tag, digest } = splitImage(current);
  if (image.newName !== undefined) name = image.newName;
  if (image.newTag !== undefined) {
    tag = image.newTag;
    digest = image.digest ?? '';
  } else if (image.digest !== undefined) {
    tag = '';
    digest = image.digest;
  }
  return `${name}${tag !== '' ? `:${tag}` : ''}${digest !== '' ? `@${digest}` : ''}`;
}

/** api/internal/image `Split`: a registry host's port is not a tag. */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (at < 0 && colon < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, offset + at), tag: '', digest: image.slice(offset + at + 1) };
  if (at >= 0) return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1, offset + at), digest: image.slice(offset + at + 1) };
  return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1), digest: '' };
}
