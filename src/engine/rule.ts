/** @fileoverview The rule interface (ESLint meta + create, Istio analyzer Inputs) and `createRule`. */
import type { NodeRef, Severity, Fix } from '../types.js';
import type { ClusterModel } from '../model/types.js';
import type { VerdictSet } from '../injection/types.js';

/** Model collections a rule may read; must equal what it reads in tests (Istio CheckMetadataInputs). */
export type RuleInput =
  | 'workloads'
  | 'namespaces'
  | 'webhooks'
  | 'injectorConfigs'
  | 'services'
  | 'autoscalers'
  | 'istiods'
  | 'rootCertificates'
  | 'objects'
  | 'verdicts'
  | 'settings';

/** Config settings a rule may read (the `expect:` policy, version in force). */
export interface RuleSettings {
  readonly istioVersion: string;
  readonly expect: { readonly injected: readonly string[]; readonly notInjected: readonly string[] } | undefined;
  readonly assumeDefaults: boolean;
}

/** What `create()` receives. Read-only: rules never touch files or the parser. */
export interface RuleContext<MessageIds extends string, Options> {
  readonly model: ClusterModel;
  readonly verdicts: VerdictSet;
  readonly options: Options;
  readonly settings: RuleSettings;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

/** One report: a message from the catalogue, its data and the node that causes the problem. */
export interface ReportDescriptor<MessageIds extends string> {
  messageId: MessageIds;
  data?: Readonly<Record<string, string | number>>;
  at: NodeRef;
  related?: readonly { message: string; at: NodeRef }[];
  /** `Kind namespace/name` of the object concerned. */
  subject?: string;
  fix?: Fix;
}

/** A rule definition as written in `rules/<id>.ts`. */
export interface RuleDefinition<MessageIds extends string = string, Options = unknown> {
  /** Kebab-case id; equals the file name and the docs page name. */
  id: string;
  /** One sentence; equals the `description:` front matter of the docs page. */
  description: string;
  severity: Severity;
  /** Off unless the config turns it on. */
  defaultOff?: boolean;
  /** Tags for SARIF `properties.tags` and the docs index. */
  tags?: readonly string[];
  /** True when the rule can attach an unambiguous fix. */
  fixable?: boolean;
  inputs: readonly RuleInput[];
  /** JSON schema of the rule's options, or null when it takes none. */
  schema: Record<string, unknown> | null;
  /** Default option values. */
  defaultOptions?: Options;
  /** The message catalogue: `{{name}}` placeholders are filled from `data`. */
  messages: Readonly<Record<MessageIds, string>>;
  create(context: RuleContext<MessageIds, Options>): void;
}

/** A registered rule: the definition plus its docs URL. */
export interface Rule<MessageIds extends string = string, Options = unknown> extends RuleDefinition<MessageIds, Options> {
  readonly url: string;
}

/** Where rule docs live (derived from the id, like typescript-eslint's createRule). */
export const DOCS_BASE_URL = 'https://github.com/lint-injection/lint-injection/blob/main/docs/rules/';

/** Defines a rule; message ids are a literal union so a typo fails to compile. */
export function createRule<MessageIds extends string, Options = unknown>(def: RuleDefinition<MessageIds, Options>): Rule<MessageIds, Options> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(def.id)) throw new Error(`Rule id "${def.id}" is not kebab-case.`);
  return { ...def, url: `${DOCS_BASE_URL}${def.id}.md` };
}

/** A rule of any message ids and options, as held by the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<string, any>;

/** Metadata of the built-in input diagnostics that are not rule modules (ESLint's fatal parse messages). */
export interface CoreDiagnostic {
  id: string;
  description: string;
  severity: Severity;
  defaultOff?: boolean;
}

/** Input problems reported by the loader, not by rule modules; configurable like rules. */
export const CORE_DIAGNOSTICS: readonly CoreDiagnostic[] = [
  { id: 'invalid-yaml', description: 'A file or document is not valid YAML (syntax error, duplicate key, unrendered template, binary data).', severity: 'error' },
  { id: 'not-kubernetes', description: 'A YAML document is not a Kubernetes object and is not linted.', severity: 'info', defaultOff: true },
  { id: 'unreadable-file', description: 'A path cannot be read (missing, permission denied, symbolic link loop), or a chart or kustomization could not be rendered with --helm/--kustomize.', severity: 'error' },
  { id: 'file-too-large', description: 'A file is larger than the configured size limit and is not linted.', severity: 'error' },
  { id: 'unrendered-chart', description: 'A Helm chart directory holds templates that are only lintable once rendered.', severity: 'info' },
  {
    id: 'unrendered-template',
    description: 'A valid YAML document is a template for a tool lint-injection does not run (Flux ${VAR} substitution, Jinja or Go {{ }}) and is not linted.',
    severity: 'info',
  },
  { id: 'internal-error', description: 'A rule failed while running; the result is incomplete.', severity: 'error' },
  {
    id: 'unused-suppression',
    description: 'A lint-injection-disable/enable comment suppresses nothing: no finding matched it, or it names an unknown rule id.',
    severity: 'warning',
  },
];
