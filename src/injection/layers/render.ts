/**
 * @fileoverview L7: rendering errors that make the injector deny the pod, in `RunTemplate` order
 * (pkg/kube/inject/inject.go): annotation validation, values that parse to nothing, then `selectTemplates` lookups.
 */
import { fact } from '../evidence.js';
import type { DecisiveFact } from '../evidence.js';
import type { Workload } from '../../model/types.js';
import { TEMPLATES_ANNOTATION } from '../../model/istio-keys.js';
import type { ReasonCode, TraceStep } from '../types.js';
import { validatedAnnotationKeys } from '../version.js';
import { validateIstioAnnotation } from '../validate.js';
import type { ResolvedInjectorConfig } from './injector-config.js';

/** A denial by the injector (the API server rejects the pod whatever the failurePolicy). */
export interface RenderError {
  readonly reason: Extract<ReasonCode, 'INVALID_ANNOTATION_VALUE' | 'VALUES_UNPARSABLE' | 'TEMPLATE_NOT_FOUND'>;
  readonly message: string;
  /** The deciding inputs: the bad annotation, the values key, the template request. */
  readonly facts: readonly DecisiveFact[];
}

/** The result of L7: the templates that would run, or the error that denies the pod. */
export interface RenderResult {
  readonly templates: readonly string[];
  readonly error: RenderError | undefined;
  readonly step: TraceStep;
}

/**
 * `selectTemplates`: the `inject.istio.io/templates` annotation (comma-separated, each trimmed) if present, else
 * `defaultTemplates`; then `resolveAliases` (one level, not recursive).
 */
export function selectTemplates(w: Workload, cfg: ResolvedInjectorConfig): { names: string[]; fromAnnotation: boolean } {
  const raw = w.template.annotations[TEMPLATES_ANNOTATION];
  const requested = raw !== undefined ? raw.split(',').map((s) => s.trim()) : [...cfg.defaultTemplates];
  const names = requested.flatMap((n) => [...(cfg.aliases.get(n) ?? [n])]);
  return { names, fromAnnotation: raw !== undefined };
}

/** Runs L7 for a pod the injector decided to inject. */
export function checkRender(w: Workload, cfg: ResolvedInjectorConfig, minor: number): RenderResult {
  const meta = w.template.metadataPath;
  const validated = validatedAnnotationKeys(minor);
  // validate.go `validateAnnotations` iterates a Go map; report the first bad one in key order for stable output.
  const bad = Object.keys(w.template.annotations)
    .filter((k) => validated.has(k))
    .sort()
    .map((k) => ({ key: k, error: validateIstioAnnotation(k, w.template.annotations[k]!, `1.${minor}`) }))
    .find((x) => x.error !== undefined);
  const selected = selectTemplates(w, cfg);
  const deny = (error: RenderError): RenderResult => ({
    templates: selected.names,
    error,
    step: { layer: 'render', message: `injector denies the pod (${error.reason}): ${error.message}`, evidence: error.facts.map((f) => f.at) },
  });
  if (bad) {
    const value = w.template.annotations[bad.key]!;
    return deny({
      reason: 'INVALID_ANNOTATION_VALUE',
      message: `invalid value ${JSON.stringify(value)} for annotation ${bad.key}: ${bad.error ?? ''}`,
      facts: [fact('podAnnotation', { doc: w.doc, path: [...meta, 'annotations', bad.key] }, { key: bad.key, value })],
    });
  }
  if (cfg.valuesUnparsable) {
    return deny({
      reason: 'VALUES_UNPARSABLE',
      message: 'the injector ConfigMap\'s values parse to nothing ("failed to parse values.yaml")',
      facts: cfg.source ? [fact('injectorKey', { doc: cfg.source.object.doc, path: ['data', 'values'] }, { key: 'data.values', configMap: cfg.source.object.key })] : [],
    });
  }
  const missing = selected.names.find((n) => !cfg.templates.has(n));
  if (missing !== undefined) {
    const configMap = cfg.source?.object.key ?? '';
    const at: DecisiveFact[] = selected.fromAnnotation
      ? [fact('podAnnotation', { doc: w.doc, path: [...meta, 'annotations', TEMPLATES_ANNOTATION] }, { key: TEMPLATES_ANNOTATION, value: w.template.annotations[TEMPLATES_ANNOTATION] ?? '' })]
      : cfg.defaultTemplatesRef
        ? [fact('injectorKey', cfg.defaultTemplatesRef, { key: 'defaultTemplates', configMap })]
        : cfg.source
          ? [fact('injectorKey', { doc: cfg.source.object.doc, path: ['data', 'config'] }, { key: 'data.config', configMap })]
          : [];
    const have = [...cfg.templates].sort().join(', ') || 'none';
    return deny({ reason: 'TEMPLATE_NOT_FOUND', message: `requested template ${JSON.stringify(missing)} not found; have ${have}`, facts: at });
  }
  return {
    templates: selected.names,
    error: undefined,
    step: {
      layer: 'render',
      message: `renders template${selected.names.length === 1 ? '' : 's'} ${selected.names.join(', ')}${selected.fromAnnotation ? ` (from ${TEMPLATES_ANNOTATION})` : ''}; annotations valid`,
      evidence: selected.fromAnnotation ? [{ doc: w.doc, path: [...meta, 'annotations', TEMPLATES_ANNOTATION] }] : [],
      ...(cfg.state === 'assumed' ? { assumption: 'assumed:injector-config' as const } : {}),
    },
  };
}
