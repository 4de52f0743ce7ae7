/** @fileoverview Namespace commands found in scripts, Makefiles and Markdown code blocks (src/gitops/kubectl.ts), with exact positions. */
import { describe, it, expect } from 'vitest';
import { namespaceCommands } from '../../src/gitops/kubectl.js';

/** `file:line:column-endLine:endColumn verb namespace {labels} | command`. */
function found(files: Record<string, string>): string[] {
  return namespaceCommands(Object.entries(files).map(([file, text]) => ({ file, text }))).map((c) => {
    const r = c.at.doc.rangeOf([]);
    return `${c.at.doc.file}:${r.line}:${r.column}-${r.endLine}:${r.endColumn} ${c.verb} ${c.namespace} ${JSON.stringify(c.labels)} | ${c.command}`;
  });
}

describe('namespaceCommands', () => {
  it('reads kubectl label / create namespace in a shell script, with flags, aliases and several commands on a line', () => {
    const script = [
      '#!/bin/sh',
      'set -e',
      '# kubectl label namespace commented istio-injection=enabled',
      'kubectl create namespace shop',
      'kubectl --context prod label ns shop istio-injection=enabled --overwrite',
      'kubectl create ns payments && kubectl label namespaces/payments istio.io/rev=canary',
      'sudo kubectl label namespace a b team=x',
      'KUBECONFIG=/tmp/k kubectl -n default label namespace legacy istio-injection-',
      'kubectl create namespace quiet > /dev/null 2>&1',
      '',
    ].join('\n');
    expect(found({ 'scripts/setup.sh': script })).toEqual([
      'scripts/setup.sh:4:1-4:30 create shop {} | kubectl create namespace shop',
      'scripts/setup.sh:5:1-5:73 label shop {"istio-injection":"enabled"} | kubectl --context prod label ns shop istio-injection=enabled --overwrite',
      'scripts/setup.sh:6:1-6:27 create payments {} | kubectl create ns payments',
      'scripts/setup.sh:6:31-6:84 label payments {"istio.io/rev":"canary"} | kubectl label namespaces/payments istio.io/rev=canary',
      'scripts/setup.sh:7:6-7:40 label a {"team":"x"} | kubectl label namespace a b team=x',
      'scripts/setup.sh:7:6-7:40 label b {"team":"x"} | kubectl label namespace a b team=x',
      'scripts/setup.sh:8:19-8:77 label legacy {} | kubectl -n default label namespace legacy istio-injection-',
      'scripts/setup.sh:9:1-9:48 create quiet {} | kubectl create namespace quiet > /dev/null 2>&1',
    ]);
  });

  it('joins backslash continuations and keeps the range on the lines the command spans', () => {
    expect(found({ 'deploy.bash': 'kubectl label namespace shop \\\n    istio-injection=enabled\n' })).toEqual([
      'deploy.bash:1:1-2:28 label shop {"istio-injection":"enabled"} | kubectl label namespace shop istio-injection=enabled',
    ]);
  });

  it('skips commands whose namespace or value is a variable, selectors, files, other resources and other verbs', () => {
    const script = [
      'kubectl label namespace "$NS" istio-injection=enabled',
      'kubectl label namespace shop istio-injection=$MODE',
      'kubectl label ns -l team=a istio-injection=enabled',
      'kubectl label -f ns.yaml istio-injection=enabled',
      'kubectl label pod shop istio-injection=enabled',
      'kubectl annotate namespace shop a=b',
      'kubectl get namespace shop',
      'kubectl label namespace Not_A_Name x=y',
      'echo kubectl label namespace shop x=y',
    ].join('\n');
    expect(found({ 'a.sh': script })).toEqual([]);
  });

  it('reads Makefile recipes without their prefixes', () => {
    const make = ['.PHONY: ns', 'ns:', '\t@kubectl create namespace shop --dry-run=client -o yaml | kubectl apply -f -', '\t-kubectl label ns shop istio-injection=enabled', ''].join('\n');
    expect(found({ Makefile: make, 'build/ns.mk': '\tkubectl create ns tools\n' })).toEqual([
      'Makefile:3:3-3:57 create shop {} | kubectl create namespace shop --dry-run=client -o yaml',
      'Makefile:4:3-4:48 label shop {"istio-injection":"enabled"} | kubectl label ns shop istio-injection=enabled',
      'build/ns.mk:1:2-1:25 create tools {} | kubectl create ns tools',
    ]);
  });

  it('reads only shell code blocks of Markdown: sh, bash, shell, console (after a prompt) and unmarked fences', () => {
    const md = [
      '# Setup',
      'Run kubectl label namespace prose istio-injection=enabled in a terminal.',
      '```yaml',
      'command: kubectl label namespace yaml x=y',
      '```',
      '```bash',
      '# kubectl label namespace commented istio-injection=enabled',
      'kubectl label namespace shop istio-injection=enabled',
      '```',
      '```console',
      '$ kubectl create namespace payments',
      'kubectl create namespace output-line',
      '```',
      '~~~',
      '$ kubectl label ns tools istio.io/rev=canary',
      '~~~',
      '```python',
      'os.system("kubectl create namespace py")',
      '```',
      '',
    ].join('\n');
    expect(found({ 'docs/README.md': md })).toEqual([
      'docs/README.md:8:1-8:53 label shop {"istio-injection":"enabled"} | kubectl label namespace shop istio-injection=enabled',
      'docs/README.md:11:3-11:36 create payments {} | kubectl create namespace payments',
      'docs/README.md:15:3-15:45 label tools {"istio.io/rev":"canary"} | kubectl label ns tools istio.io/rev=canary',
    ]);
  });

  it('takes a console block without prompts as commands, and reads fences indented in list items', () => {
    const md = [
      '```console',
      'kubectl create namespace istio-system',
      'helm install istio-base istio/base -n istio-system',
      '```',
      '1. Label the namespace.',
      '',
      '    ```sh',
      '    kubectl label namespace default \\',
      '      istio.io/rev- istio-injection=enabled --overwrite',
      '    ```',
      '',
    ].join('\n');
    expect(found({ 'README.md': md })).toEqual([
      'README.md:2:1-2:38 create istio-system {} | kubectl create namespace istio-system',
      'README.md:8:5-9:56 label default {"istio-injection":"enabled"} | kubectl label namespace default istio.io/rev- istio-injection=enabled --overwrite',
    ]);
  });

  it('ignores files of other kinds', () => {
    expect(found({ 'notes.txt': 'kubectl create namespace shop\n', 'x.yaml': 'kubectl create namespace shop\n' })).toEqual([]);
  });
});
