/**
 * @fileoverview The engine's doors into src/render/: the rendering and origin modules (helm, kustomize, template
 * line maps) load only when a run has something for them: a chart, a kustomization, a render request, or a
 * document of rendered output. Everything else skips them at no cost (docs/performance.md).
 */
import path from 'node:path';
import type { WalkResult } from '../load/walk.js';
import type { RenderConfig } from './config.js';
import type { SourceDocument } from '../types.js';
import type { PreparedInputs, RenderRequest } from './inputs.js';
import type { OriginInputs, OriginResolver } from './origin.js';
import { isRecord } from '../util/records.js';

/** File names kustomize accepts for a kustomization, in its order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;
/** The annotation kustomize writes with `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** `prepareInputs` (src/render/inputs.ts), loaded only when there is something to render or to trace back. */
export async function prepareInputsLazily(
  walked: WalkResult,
  options: { cwd: string; config: RenderConfig; request?: RenderRequest | undefined },
): Promise<PreparedInputs> {
  const request = options.request ?? {};
  const needed =
    walked.charts.length > 0 ||
    request.helm === true ||
    request.kustomize === true ||
    (options.config.helm?.charts.length ?? 0) > 0 ||
    (options.config.kustomize?.directories.length ?? 0) > 0 ||
    walked.files.some((f) => f.file !== '<stdin>' && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(path.posix.basename(f.file)));
  if (!needed) return { files: walked.files, problems: [], origins: { charts: [], kustomizations: [], rendered: new Map() }, helmReleases: new Map(), argoHelm: new Map() };
  const { prepareInputs } = await import('./inputs.js');
  return prepareInputs(walked, options);
}

/** `createOriginResolver` (src/render/origin.ts), loaded only when some document is rendered output. */
export async function createOriginResolverLazily(inputs: OriginInputs): Promise<OriginResolver | undefined> {
  if (inputs.rendered.size === 0 && !inputs.documents.some((d) => d.helmSource !== undefined || hasOriginAnnotation(d))) return undefined;
  const { createOriginResolver } = await import('./origin.js');
  return createOriginResolver(inputs);
}

function hasOriginAnnotation(doc: SourceDocument): boolean {
  const v = doc.value;
  const annotations = isRecord(v) && isRecord(v.metadata) ? v.metadata.annotations : undefined;
  return isRecord(annotations) && annotations[ORIGIN_ANNOTATION] !== undefined;
}
