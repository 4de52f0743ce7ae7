/** @fileoverview The rule interface (ESLint meta + create, Istio analyzer Inputs) and `createRule`. */
import type { NodeRef, Severity, Fix } from '../types.js';
import type { DataField } from '../util/messages.js';
import type { ClusterModel } from '../model/types.js';
import type { RuleVerdict, RuleVerdictSet } from '../injection/types.js';
import type { DecisiveFact } from '../injection/evidence.js';
import type { VerdictState } from '../whatif/compare.js';

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
  /** The base a change is compared with (`--base-ref`, `lint-injection diff`): each workload's state there, by key. */
  readonly baseline?: Baseline | undefined;
}

/** The verdict states of a base, by workload key (src/whatif/compare.ts `keyed`). */
export interface Baseline {
  /** How the base is named to the reader (a git ref or a directory). */
  readonly name: string;
  readonly states: ReadonlyMap<string, VerdictState>;
}

/** A rule's message catalogue: message id → template with `{{name}}` placeholders. */
export type MessageCatalogue = Readonly<Record<string, string>>;

/** What `create()` receives. Read-only: rules never touch files or the parser. */
export interface RuleContext<Messages extends MessageCatalogue, Options, Notes extends MessageCatalogue = MessageCatalogue> {
  readonly model: ClusterModel;
  /** Verdicts without their prose: rules read the structured fields (`decisive`), never `message` or `trace`. */
  readonly verdicts: RuleVerdictSet;
  readonly options: Options;
  readonly settings: RuleSettings;
  /** Reports a problem; `data` must fill every placeholder of the chosen template (checked when compiling). */
  report<Id extends keyof Messages & string>(descriptor: ReportDescriptor<Messages, Id, Notes>): void;
}

/** A secondary location of a finding, resolved: its note text and node. */
export interface RelatedNode {
  readonly message: string;
  readonly at: NodeRef;
}

/** A secondary location as a rule writes it: a note id of the rule's `notes` catalogue, its data and the node. */
export type RelatedDescriptor<Notes extends MessageCatalogue> = {
  [Id in keyof Notes & string]: { readonly note: Id; readonly at: NodeRef } & DataField<Notes[Id] & string>;
}[keyof Notes & string];

/** One report: a message from the catalogue, its data and the node that causes the problem. */
export type ReportDescriptor<Messages extends MessageCatalogue, Id extends keyof Messages & string, Notes extends MessageCatalogue = MessageCatalogue> = {
  readonly messageId: Id;
  readonly at: NodeRef;
  /** Further places that explain the finding (SARIF relatedLocations), before the verdict's evidence. */
  readonly related?: readonly RelatedDescriptor<Notes>[];
  /**
   * The verdict the finding rests on: its decisive evidence (the webhook, label, selector or ConfigMap key that
   * decided) is attached as related locations, with notes from the evidence catalogue (src/injection/evidence.ts).
   */
  readonly because?: RuleVerdict;
  /** Engine facts the finding rests on that are not a verdict's (e.g. a webhook's call failure), shown like `because`. */
  readonly evidence?: readonly DecisiveFact[];
  /** `Kind namespace/name` of the object concerned. */
  readonly subject?: string;
  readonly fix?: Fix;
  /** Lowers this one finding to `info` (a finding that rests on a stated assumption); never raises it. */
  readonly severity?: 'info';
} & DataField<Messages[Id] & string>;

/** A rule definition as written in `rules/<id>.ts`. */
export interface RuleDefinition<Messages extends MessageCatalogue = MessageCatalogue, Options = unknown, Notes extends MessageCatalogue = MessageCatalogue> {
  /** Kebab-case id; equals the file name and the docs page name. */
  id: string;
  /** One sentence; equals the `description:` front matter of the docs page. */
  description: string;
  /** One line on how to fix what the rule reports (SARIF `help`); the docs page says more. */
  remediation?: string;
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
  messages: Messages;
  /** Notes of related locations (`{{name}}` placeholders filled from `data`), by note id. */
  notes?: Notes;
  create(context: RuleContext<Messages, Options, Notes>): void;
}

/** A registered rule: the definition plus its docs URL. */
export interface Rule<Messages extends MessageCatalogue = MessageCatalogue, Options = unknown, Notes extends MessageCatalogue = MessageCatalogue> extends RuleDefinition<Messages, Options, Notes> {
  readonly url: string;
}

/** Where rule docs live (derived from the id, like typescript-eslint's createRule). */
export const DOCS_BASE_URL = 'https://github.com/lint-injection/lint-injection/blob/main/docs/rules/';

/**
 * Defines a rule. The messages are inferred as literal types, so a typo in a message id or a placeholder missing
 * from a report's `data` fails to compile.
 */
export function createRule<const Messages extends MessageCatalogue, Options = unknown, const Notes extends MessageCatalogue = Record<never, string>>(
  def: RuleDefinition<Messages, Options, Notes>,
): Rule<Messages, Options, Notes> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(def.id)) throw new Error(`Rule id "${def.id}" is not kebab-case.`);
  return { ...def, url: `${DOCS_BASE_URL}${def.id}.md` };
}

/** A rule of any message ids and options, as held by the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any, any>;

export { CORE_DIAGNOSTICS } from '../diagnostics.js';
export type { CoreDiagnostic } from '../diagnostics.js';
