/**
 * @fileoverview The catalogue of input diagnostics: problems the loader, parser, renderer and model builder find in
 * the inputs themselves (ESLint's fatal parse messages, kube-linter's InvalidObjects). Each has an id that is
 * configurable like a rule, a `fatal` flag (the input, or part of it, could not be linted), and its message templates;
 * `inputProblem` is the only way to create one, so every text lives here and its data is type-checked.
 */
import type { Range, Severity } from './types.js';
import type { DataField } from './util/messages.js';
import { interpolate } from './util/messages.js';

/** One input diagnostic: metadata and message templates. */
export interface CoreDiagnostic<Messages extends Readonly<Record<string, string>> = Readonly<Record<string, string>>> {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly defaultOff?: boolean;
  /** True when the input (or part of it) was not linted: the run's result is incomplete for that input. */
  readonly fatal: boolean;
  readonly messages: Messages;
}

function diagnostic<const Messages extends Readonly<Record<string, string>>>(d: CoreDiagnostic<Messages>): CoreDiagnostic<Messages> {
  return d;
}

/** The input diagnostics by id. */
export const DIAGNOSTICS = {
  'invalid-yaml': diagnostic({
    id: 'invalid-yaml',
    description: 'A file or document is not valid YAML (syntax error, duplicate key, unrendered template, binary data).',
    severity: 'error',
    fatal: true,
    messages: {
      parseError: 'Invalid YAML: {{detail}}.',
      complexKey: 'Invalid YAML for Kubernetes: a mapping key is itself a mapping or list.',
      aliasLimit: 'YAML could not be expanded: {{detail}}.',
      template: 'File is an unrendered template ({{directives}} directives), not YAML; lint the rendered output instead (helm template, kustomize build).',
      binary: 'File is binary (it contains NUL bytes), not YAML.',
      duplicateKey: 'Invalid YAML: the key {{key}} appears twice in one mapping; Kubernetes keeps only one of them, so remove the other.',
      cyclicAlias: 'Invalid YAML for Kubernetes: this alias refers to a node that contains it, so the document has no finite value; replace the alias with the values it should copy.',
      tooDeep: 'YAML nests deeper than {{limit}} levels here; lint-injection does not read documents nested this deep (no Kubernetes manifest needs it).',
      embeddedTooDeep: '{{object}}: data.{{key}} nests deeper than {{limit}} levels; istiod\'s view of it is not modelled.',
      utf32: 'File is UTF-32 (it starts with a UTF-32 byte order mark); Kubernetes reads YAML as UTF-8 or UTF-16 only, so save it as UTF-8.',
      undecodable: 'File starts with a {{encoding}} byte order mark but is not valid {{encoding}}; save it as UTF-8.',
    },
  }),
  'not-kubernetes': diagnostic({
    id: 'not-kubernetes',
    description: 'A YAML document is not a Kubernetes object and is not linted.',
    severity: 'info',
    defaultOff: true,
    fatal: false,
    messages: {
      notKubernetes: 'Document is not a Kubernetes object (it needs string apiVersion, kind and metadata.name); it was not linted.',
    },
  }),
  'unreadable-file': diagnostic({
    id: 'unreadable-file',
    description: 'A path cannot be read (missing, permission denied, symbolic link loop), or a chart or kustomization could not be rendered with --helm/--kustomize.',
    severity: 'error',
    fatal: true,
    messages: {
      unreadable: 'Cannot read {{file}}: {{why}}.',
      chartUnreadable: 'Cannot render {{dir}}/ with helm template: it has no readable Chart.yaml with a name.',
      renderFailed: '{{tool}} failed for {{target}}/: {{detail}}.',
      noKustomization: 'Cannot build {{dir}}/ with kustomize: it has no kustomization.yaml.',
      remoteBase: 'Kustomization {{dir}}/ was not built: it uses the remote base {{base}}, and lint-injection never downloads anything; build it yourself and lint the output.',
      notRegularFile: 'Cannot read {{file}}: it is {{what}}, not a regular file; only regular files are read.',
      outsideRoots: '{{file}} was not read: it is a symbolic link to a file outside the paths given on the command line, and lint-injection reads nothing outside them.',
      chartOutsideRepository: 'Chart {{dir}}/ was not rendered: {{path}} resolves outside the repository (a symbolic link?), and helm is never handed files from outside it.',
      kustomizationOutsideRepository: 'Kustomization {{dir}}/ was not built: it resolves outside the repository (a symbolic link?), and kustomize is never run on directories outside it.',
      inflatesHelm:
        'Kustomization {{dir}}/ was not built: it inflates Helm charts (helmCharts), which needs --enable-helm and may download charts; build it yourself (kustomize build --enable-helm) and lint the output.',
    },
  }),
  'file-too-large': diagnostic({
    id: 'file-too-large',
    description: 'A file is larger than the configured size limit and is not linted.',
    severity: 'error',
    fatal: true,
    messages: {
      tooLarge: 'File is {{size}} bytes, over the {{limit}}-byte limit; raise maxFileSize in the config to lint it.',
      grewPastLimit: 'File {{file}} grew past the {{limit}}-byte limit while it was read; raise maxFileSize in the config to lint it.',
    },
  }),
  'unrendered-chart': diagnostic({
    id: 'unrendered-chart',
    description: 'A Helm chart directory holds templates that are only lintable once rendered.',
    severity: 'info',
    fatal: false,
    messages: {
      chart: 'Helm chart {{chart}}/ was not linted as YAML: its templates become manifests only when rendered; pass --helm to render it with helm template, or lint `helm template` output.',
      libraryChart: 'Helm chart {{chart}}/ is a library chart: it renders nothing on its own; its templates are linted through the charts that use it.',
    },
  }),
  'unrendered-template': diagnostic({
    id: 'unrendered-template',
    description: 'A valid YAML document is a template for a tool lint-injection does not run (Flux ${VAR} substitution, Jinja or Go {{ }}) and is not linted.',
    severity: 'info',
    fatal: false,
    messages: {
      substitution: 'Document is a template for variable substitution (Flux post-build substitution, envsubst, Terraform templatefile): {{where}} holds the variable {{placeholder}}, whose value is only known once it is substituted; the document is not linted. Lint the rendered output instead.',
      templateAction: 'Document is a template for a template engine (Jinja, Go templates): {{where}} holds the template action {{placeholder}}, whose value is only known once it is rendered; the document is not linted. Lint the rendered output instead.',
    },
  }),
  'internal-error': diagnostic({
    id: 'internal-error',
    description: 'A rule failed while running; the result is incomplete.',
    severity: 'error',
    fatal: true,
    messages: {
      ruleFailed: 'Rule {{rule}} failed: {{detail}}. Its findings are missing; please report this.',
      modelFailed: '{{object}} could not be modelled ({{detail}}); it is left out, please report this.',
    },
  }),
  'unused-suppression': diagnostic({
    id: 'unused-suppression',
    description: 'A lint-injection-disable/enable comment suppresses nothing: no finding matched it, or it names an unknown rule id.',
    severity: 'warning',
    fatal: false,
    messages: {
      unusedDirective: '{{directive}} suppresses nothing{{forRules}}: no {{finding}} {{where}}; remove {{target}}.',
      unusedEnable: '{{directive}} re-enables nothing{{forRules}}: no lint-injection-disable{{ofThem}} is open here; remove {{target}}.',
      unknownRule: '{{directive}} names {{ids}}, so it suppresses nothing for {{them}}; fix the id (`lint-injection rules` lists them) or remove it.',
    },
  }),
} as const;

/** Ids of the input diagnostics. */
export type DiagnosticId = keyof typeof DIAGNOSTICS;

/** Message ids of one input diagnostic. */
export type DiagnosticMessageId<Id extends DiagnosticId> = keyof (typeof DIAGNOSTICS)[Id]['messages'] & string;

type TemplateOf<Id extends DiagnosticId, M extends DiagnosticMessageId<Id>> = (typeof DIAGNOSTICS)[Id]['messages'][M] & string;

/** Input problems reported by the loader, not by rule modules; configurable like rules. Sorted by id. */
export const CORE_DIAGNOSTICS: readonly CoreDiagnostic[] = Object.values(DIAGNOSTICS).sort((a, b) => (a.id < b.id ? -1 : 1));

/** A problem with an input that stops (part of) it from being linted; its text comes from DIAGNOSTICS. */
export interface InputProblem {
  readonly ruleId: DiagnosticId;
  readonly messageId: string;
  readonly message: string;
  readonly file: string;
  readonly range: Range;
  /** Copied from the catalogue: the input (or part of it) was not linted. */
  readonly fatal: boolean;
}

/** Creates the input problem `id`/`messageId` at `file`/`range`; `data` must fill every placeholder of the template. */
export function inputProblem<Id extends DiagnosticId, M extends DiagnosticMessageId<Id>>(
  id: Id,
  messageId: M,
  where: { file: string; range: Range },
  ...data: DataField<TemplateOf<Id, M>> extends { readonly data: infer D } ? [D] : []
): InputProblem {
  const d: CoreDiagnostic = DIAGNOSTICS[id];
  const template = d.messages[messageId];
  if (template === undefined) throw new Error(`Input diagnostic ${id} has no message "${messageId}".`);
  return {
    ruleId: id,
    messageId,
    message: interpolate(id, template, (data[0] ?? {}) as Readonly<Record<string, string | number>>),
    file: where.file,
    range: where.range,
    fatal: d.fatal,
  };
}
