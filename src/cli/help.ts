/** @fileoverview The `--help` text. */

/** Printed by `lint-injection --help`. */
export const HELP_TEXT = `lint-injection — offline linter for Istio sidecar injection

Usage:
  lint-injection [options] [path ...]          lint manifests (default path: .)
  lint-injection explain [options] [path ...]  show every workload's injection verdict and why
  lint-injection rules                         list every rule with its default severity
  lint-injection diff <base> <head>            compare two trees: workloads whose verdict, dataplane,
                                               sidecar mode or injecting revision changes (docs/whatif.md)
  lint-injection diff --base-ref <ref> [path]  compare the commit <ref> (read with git) with the working tree
  lint-injection explain --set-tag <tag>=<rev> | --add-revision <rev> | --remove-revision <rev>
                 | --set-kubernetes-version <1.x> [path ...]
                                               compare the inputs with a hypothetical change (no file edited)

Paths are files or directories (searched recursively for *.yaml, *.yml, *.json;
.git and node_modules are skipped); "-" reads standard input. Helm chart
directories (with Chart.yaml) are not parsed as YAML: lint rendered output, or
pass --helm. Findings in rendered output point back to the template or resource
file that produced them (docs/rendered-input.md).

Options:
  -c, --config <file>          config file (default: .lint-injection.yaml, searched upward)
  -f, --format <name>          output format: text (default), json, sarif, github
                               (workflow-command annotations), junit; diff and what-if
                               explain: text, json, sarif, markdown
  -o, --output-file <file>     write the report to a file instead of standard output
  -n, --namespace <ns>         namespace of objects that name none (like kubectl apply -n)
      --cluster <file>         YAML/JSON exported from a live cluster (kubectl get ... -o yaml);
                               used to decide verdicts, never reported on (repeatable)
      --istio-version <1.x>    Istio version whose behaviour to model (default 1.28)
      --kubernetes-version <1.x>  the cluster's Kubernetes version: decides whether Istio 1.27+
                               (ENABLE_NATIVE_SIDECARS=auto) injects native sidecars (1.33+)
      --no-assume-defaults     do not assume Istio's default webhooks when the inputs have none
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
      --fail-on <level>        exit 1 on findings at or above: error (default), warning, never
      --max-warnings <n>       exit 1 when there are more than n warnings
      --quiet                  report errors only
      --color, --no-color      force or disable colours (default: colours on a terminal)
      --workload <ns/name>     with explain: print the full trace of one workload
  -h, --help                   show this help
  -v, --version                show the version

Suppressing findings (YAML comments; README.md "Suppressing findings"):
  # lint-injection-disable-next-line <rule-id>[, <rule-id>...] [-- reason]
  # lint-injection-disable <rule-id>...  ...  # lint-injection-enable <rule-id>...
  # lint-injection-disable-file [<rule-id>...]      (no ids: every rule)

Exit codes:
  0  no finding at or above --fail-on, warnings within --max-warnings
  1  findings at or above --fail-on (input errors included), or too many warnings
  2  usage or configuration error, internal error, or nothing could be linted

Docs: docs/rules/<rule-id>.md for each rule; docs/json-format.md for --format json;
README.md for the SARIF, GitHub and JUnit formats, the GitHub Action and pre-commit.
`;
