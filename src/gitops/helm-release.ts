/**
 * @fileoverview Flux HelmReleases (`helm.toolkit.fluxcd.io`): the objects of a chart rendered for a HelmRelease with
 * `--helm` (src/render/helm-release.ts) land in the release namespace (`spec.targetNamespace`, else the
 * HelmRelease's namespace) when they name none, as `helm install --namespace` does (fluxcd/helm-controller v1.x
 * docs/spec/v2/helmreleases.md), in the cluster of the `clusters/<name>/` directory the HelmRelease is written in.
 * The release's `spec.postRenderers` kustomize patches and images are applied to the rendered objects, in order,
 * before anything reads them (internal/postrender/build.go, kustomize.go; src/gitops/patches.ts).
 */
import type { NodeRef, SourceDocument, YamlPath } from '../types.js';
import type { Deployment, ToolContext, ToolResult } from './index.js';
import type { Reached } from './kustomize.js';
import type { DeploymentStep } from './types.js';
import { applyPatchSteps, readPostRenderers } from './patches.js';
import { getAt } from '../model/workloads.js';

const CLUSTERS_DIR = /(?:^|\/)clusters\/([^/]+)\//;

/** Deployments of charts rendered for HelmReleases. */
export function helmReleaseDeployments(ctx: ToolContext): ToolResult {
  const out: ToolResult = { deployments: [], facts: [], notes: [] };
  const releases = ctx.options.helmReleases;
  if (!releases || releases.size === 0) return out;
  for (const [rendered, ref] of releases) {
    const release = ctx.tree.docsOf(ref.file).find((d) => d.index === ref.index);
    if (!release) continue;
    const nsRef: NodeRef = { doc: release, path: release.has(['spec', 'targetNamespace']) ? ['spec', 'targetNamespace'] : ['metadata', 'namespace'] };
    const step = { message: `rendered with --helm for HelmRelease ${ref.id}, with its release name, namespace and values`, ref: { doc: release, path: ['spec', 'chart'] } };
    const docs = ctx.tree.docsOf(rendered);
    const post = readPostRenderers(release);
    const patched = post.steps.length > 0 ? applyPatchSteps(docs.map((d) => d.value), post.steps) : undefined;
    const problems: DeploymentStep[] = [...post.notes, ...(patched?.notes ?? [])].map((n) => ({ message: `HelmRelease ${ref.id} ${n.message}`, ref: n.ref }));
    out.notes.push(...problems);
    const namespace = ref.namespace !== undefined ? { namespace: { value: ref.namespace, source: 'helm-release' as const, mode: 'fill' as const, ref: nsRef } } : {};
    const reached: Reached[] = [];
    const dropped: SourceDocument[] = [];
    docs.forEach((doc, i) => {
      const result = patched?.objects[i];
      if (result && result.value === undefined) {
        dropped.push(doc); // a `$patch: delete` removed it from the release
        return;
      }
      const applied: DeploymentStep[] = (result?.applied ?? []).map((label) => {
        const s = post.steps.find((x) => x.label === label)!;
        return { message: `patched by ${label} of HelmRelease ${ref.id}`, ref: s.ref };
      });
      const via = [step, ...applied, ...problems];
      if (!result || result.applied.length === 0) reached.push({ doc, via, ...namespace });
      else reached.push({ doc: patchedDocument(doc, result.value), original: doc, via, ...namespace });
    });
    const deployment: Deployment = { cluster: CLUSTERS_DIR.exec(release.file)?.[1], reached, kustomizationDirs: [], ...(dropped.length > 0 ? { dropped } : {}) };
    out.deployments.push(deployment);
  }
  return out;
}

/**
 * A rendered document with the value the post-renderers made of it. Positions stay those of the rendered output
 * (a node the patches added is placed at its nearest rendered ancestor); it cannot be fixed in place.
 */
function patchedDocument(doc: SourceDocument, value: unknown): SourceDocument {
  const same = (p: YamlPath) => getAt(doc.value, p) === getAt(value, p);
  return {
    file: doc.file,
    index: doc.index,
    ...(doc.listItem === undefined ? {} : { listItem: doc.listItem }),
    value,
    snapshot: doc.snapshot,
    ...(doc.helmSource === undefined ? {} : { helmSource: doc.helmSource }),
    rangeOf: (p, target) => doc.rangeOf(p, target),
    has: (p) => doc.has(p) && getAt(value, p) !== undefined,
    isNonStringScalar: (p) => {
      const v = getAt(value, p);
      return same(p) ? doc.isNonStringScalar(p) : v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'object';
    },
    embedded: (p) => (same(p) ? doc.embedded(p) : undefined),
    offsetsOf: () => undefined,
  };
}
