/**
 * @fileoverview Finds documents that are valid YAML but templates for a tool lint-injection does not run: Flux
 * post-build substitution (`${VAR}`, also envsubst and Terraform templatefile) or Jinja / Go templates (`{{ var }}`)
 * in the fields that decide injection. Such a document gets one `unrendered-template` info and is not modelled, so
 * no rule reports on its placeholder text (`sidecar.istio.io/inject: "{{ tg_sidecar }}"` is not a bad label value).
 *
 * Only identity and metadata are looked at (apiVersion, kind, name, namespace, labels, annotations of the object and
 * of a workload's pod template): a `${HOME}` in a container's shell command is the container's business, and
 * `{{ }}` inside an injector ConfigMap's `data.config` is Istio's own template language.
 */
import type { SourceDocument, YamlPath } from '../types.js';
import type { InputProblem } from '../parse/yaml.js';
import { isRecord } from '../util/records.js';
import { inputProblem } from '../diagnostics.js';
import { METADATA_PATHS, getAt, podTemplatePath } from './workloads.js';

/** Flux's variable forms (fluxcd/pkg envsubst: `${var}`, `${var:=default}`, `${var:-default}`, …). */
const FLUX_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:=?+-][^}]*)?\}/;
/** Jinja / Go template actions and Jinja statements. */
const TEMPLATE_ACTION = /\{\{.*?\}\}|\{%.*?%\}/;

interface Hit {
  path: YamlPath;
  target: 'key' | 'value';
  text: string;
}

/** The unrendered-template diagnostic for a document whose identity or metadata holds placeholders, if any. */
export function findPlaceholder(doc: SourceDocument): InputProblem | undefined {
  const v = doc.value;
  if (!isRecord(v)) return undefined;
  const hit = firstHit(v);
  if (!hit) return undefined;
  const flux = FLUX_VARIABLE.exec(hit.text);
  const jinja = TEMPLATE_ACTION.exec(hit.text);
  const useFlux = flux !== null && (jinja === null || flux.index <= jinja.index);
  const where = hit.path.map(String).join('.') + (hit.target === 'key' ? ' (key)' : '');
  const at = { file: doc.file, range: doc.rangeOf(hit.path, hit.target) };
  return useFlux
    ? inputProblem('unrendered-template', 'substitution', at, { where, placeholder: flux[0] })
    : inputProblem('unrendered-template', 'templateAction', at, { where, placeholder: jinja![0] });
}

function firstHit(v: Readonly<Record<string, unknown>>): Hit | undefined {
  for (const key of ['apiVersion', 'kind']) {
    const s = v[key];
    if (typeof s === 'string' && isPlaceholder(s)) return { path: [key], target: 'value', text: s };
  }
  const kind = typeof v.kind === 'string' ? v.kind : '';
  const metas = podTemplatePath(kind, v) === undefined ? METADATA_PATHS.slice(0, 1) : METADATA_PATHS;
  for (const metaPath of metas) {
    const meta = getAt(v, metaPath);
    if (!isRecord(meta)) continue;
    for (const key of ['name', 'generateName', 'namespace']) {
      const s = meta[key];
      if (typeof s === 'string' && isPlaceholder(s)) return { path: [...metaPath, key], target: 'value', text: s };
    }
    for (const field of ['labels', 'annotations']) {
      const map = meta[field];
      if (!isRecord(map)) continue;
      for (const [k, val] of Object.entries(map)) {
        if (isPlaceholder(k)) return { path: [...metaPath, field, k], target: 'key', text: k };
        if (typeof val === 'string' && isPlaceholder(val)) return { path: [...metaPath, field, k], target: 'value', text: val };
      }
    }
  }
  return undefined;
}

function isPlaceholder(s: string): boolean {
  return (s.includes('${') && FLUX_VARIABLE.test(s)) || ((s.includes('{{') || s.includes('{%')) && TEMPLATE_ACTION.test(s));
}
