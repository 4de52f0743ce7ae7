/**
 * @fileoverview Flux HelmReleases (`helm.toolkit.fluxcd.io`): the objects of a chart rendered for a HelmRelease with
 * `--helm` (src/render/helm-release.ts) land in the release namespace (`spec.targetNamespace`, else the
 * HelmRelease's namespace) when they name none, as `helm install --namespace` does (fluxcd/helm-controller v1.x
 * docs/spec/v2/helmreleases.md), in the cluster of the `clusters/<name>/` directory the HelmRelease is written in.
 */
import type { NodeRef } from '../types.js';
import type { Deployment, ToolContext, ToolResult } from './index.js';
import type { Reached } from './kustomize.js';

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
    const reached: Reached[] = ctx.documents
      .filter((d) => d.file === rendered)
      .map((doc) => ({ doc, via: [step], ...(ref.namespace !== undefined ? { namespace: { value: ref.namespace, source: 'helm-release' as const, mode: 'fill' as const, ref: nsRef } } : {}) }));
    const deployment: Deployment = { cluster: CLUSTERS_DIR.exec(release.file)?.[1], reached, kustomizationDirs: [] };
    out.deployments.push(deployment);
  }
  return out;
}
