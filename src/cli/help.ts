/** @fileoverview The `--help` text. */

/** Printed by `lint-injection --help`. */
export const HELP_TEXT = `lint-injection — offline linter for Istio sidecar injection

Usage:
  lint-injection [options] [path ...]          lint manifests (default path: .)
  lint-injection explain [options] [path ...]  show every workload's injection verdict and why
  lint-injection rules [-f json]               list every rule with its default severity
  lint-injection help                          show this help
  lint-injection diff <base> <head>            compare two trees: workloads whose verdict, dataplane,
                                               sidecar mode or injecting revision changes (docs/whatif.md)
  lint-injection diff --base-ref <ref> [path]  compare the commit <ref> (read with git) with the working tree
  lint-injection explain --set-tag <tag>=<rev> | --add-revision <rev> | --remove-revision <rev>
                 | --set-kubernetes-version <1.x> [path ...]
                                               compare the inputs with a hypothetical change (no file edited)

Paths are files, directories (searched recursively for *.yaml, *.yml, *.json;
.git and node_modules are skipped) or quoted glob patterns ('deploy/**/*.yaml'; one
that matches nothing is a usage error); "-" reads standard input. Helm chart
directories (with Chart.yaml) are not parsed as YAML: lint rendered output, or
pass --helm. Findings in rendered output point back to the template or resource
file that produced them (docs/rendered-input.md).

Options:
  -c, --config <file>          config file (default: .lint-injection.yaml, searched upward)
  -f, --format <name>          output format: text (default), json, sarif, github
                               (workflow-command annotations), junit; diff and what-if
                               explain: text, json, sarif, markdown
  -o, --output-file <file>     write the report to a file instead of standard output
                               (missing directories are created)
  -n, --namespace <ns>         namespace of objects that name none (like kubectl apply -n)
      --cluster <file>         YAML/JSON exported from a live cluster (kubectl get ... -o yaml);
                               used to decide verdicts, never reported on (repeatable)
      --istio-version <1.x>    Istio version whose behaviour to model (default 1.28;
                               1.20 to 1.31 are covered)
      --kubernetes-version <1.x>  the cluster's Kubernetes version: decides whether Istio 1.27+
                               (ENABLE_NATIVE_SIDECARS=auto) injects native sidecars (1.33+)
      --no-assume-defaults     do not assume Istio's default webhooks when the inputs have none
      --platform <name>        apply a managed platform's rewrite of webhook namespaceSelectors
                               (config platform; docs/platforms.md). Platforms: aks (the AKS
                               admissions enforcer)
      --ignore-pattern <glob>  skip matching files and directories (repeatable)
      --helm                   render chart directories among the paths with the local
                               \`helm template\` and lint the output (LINT_INJECTION_HELM
                               names the binary; nothing is downloaded)
      --kustomize              build root kustomizations among the paths with the local
                               \`kustomize build\` or \`kubectl kustomize\` and lint the output
                               (LINT_INJECTION_KUSTOMIZE / LINT_INJECTION_KUBECTL override)
      --also-read <path>       also read these files or directories for context (Namespaces,
                               webhooks, injector config), but report only findings in, or
                               with evidence in, the positional paths (repeatable; the
                               pre-commit hook runs: --also-read . <changed files>)
      --fix                    apply the rules' fixes to the files (not stdin, not --cluster),
                               print what changed, then report what remains
      --fix-dry-run            print the fixes as a unified diff and report what would remain;
                               change nothing
      --cache                  parse only files changed since the last --cache run (a content-hash
                               cache, dropped when the version or the configuration changes)
      --cache-location <path>  the cache file, or a directory for it (default: .lint-injection-cache)
      --fail-on <level>        exit 1 on findings at or above: error (default), warning, never
      --max-warnings <n>       exit 1 when there are more than n warnings
      --quiet                  report errors only (warnings are dropped before
                               --fail-on warning / --max-warnings count them)
      --no-progress            no progress line (shown on standard error only when it is a
                               terminal and the run takes longer than about a second)
      --concurrency <n>        threads that parse: auto (default: one thread), off, or a number
                               of threads including the main one
      --rule <id>:<severity>   set a rule's severity: off, info, warning, error (repeatable)
      --report-unused-disable-directives
                               report suppressions that suppress nothing as errors
      --print-config <file>    print the configuration in force for a file and exit
      --stdin-filename <name>  the file name to report for "-" (standard input)
      --sarif-root <dir>       directory SARIF URIs are relative to (default: the git
                               top level, else the working directory)
      --sarif-category <name>  SARIF automationDetails.id (code scanning category)
      --color, --no-color      force or disable colours (default: colours on a terminal)
      --workload <ns/name>     with explain: print the full trace of one workload
      --namespace-filter <ns>  with explain: only workloads in this namespace (repeatable)
      --outcome <outcome>      with explain: only injected, not-injected, blocked or
                               unknown verdicts (repeatable)
  -h, --help                   show this help
  -v, --version                show the version

Suppressing findings (YAML comments; README.md "Suppressing findings"):
  # lint-injection-disable-next-line <rule-id>[, <rule-id>...] [-- reason]
  # lint-injection-disable <rule-id>...  ...  # lint-injection-enable <rule-id>...
  # lint-injection-disable-file [<rule-id>...]      (no ids: every rule)
  metadata.annotations: lint-injection.io/ignore: "<rule-id>[,<rule-id>] -- reason"
                                                     (one object; survives kustomize build)

Exit codes:
  0  no finding at or above --fail-on, warnings within --max-warnings
  1  findings at or above --fail-on (input errors included), or too many warnings
  2  usage or configuration error, internal error, or nothing could be linted
  explain: 2 as above, 1 when an input could not be read or parsed, else 0

Docs: docs/rules/<rule-id>.md for each rule; docs/json-format.md for --format json;
README.md for the SARIF, GitHub and JUnit formats, the GitHub Action and pre-commit.
`;
