/** @fileoverview Shared types of the lint pipeline: positions, documents, findings, verdicts. No logic. */

/** A finding's severity, normalized once in engine/config.ts. */
export type Severity = 'error' | 'warning' | 'info';

/** What the config file may say for a rule: a severity or `off`. */
export type RuleLevel = Severity | 'off';

/** 1-based lines and columns; `endColumn` is exclusive; columns count UTF-16 code units (ESLint and SARIF). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A path into a parsed document, e.g. `['spec','template','metadata','labels','sidecar.istio.io/inject']`. */
export type YamlPath = readonly (string | number)[];

/** Which part of a mapping entry a range should cover. */
export type RangeTarget = 'entry' | 'key' | 'value';

/** One YAML document of one input file, as plain data plus a position lookup. */
export interface SourceDocument {
  /** Path relative to the current directory, `/`-separated (`-` for standard input). */
  readonly file: string;
  /** The document's index within its file (0-based). */
  readonly index: number;
  /** For an item of a `kind: List`, its index in `items`. */
  readonly listItem?: number;
  /** Plain data (objects, arrays, strings, numbers, booleans, null). Never mutate. */
  readonly value: unknown;
  /** True when the document came from a `--cluster` snapshot: used for verdicts, never reported on. */
  readonly snapshot: boolean;
  /**
   * For a document of `helm template` output: the template named by the `# Source:` comment before it
   * (`<chart>/templates/<file>`, or `<chart>/charts/<sub>/templates/<file>` for a subchart). See docs/rendered-input.md.
   */
  readonly helmSource?: string;
  /** Source range of the node at `path` (relative to this document's value); falls back to the nearest ancestor. */
  rangeOf(path: YamlPath, target?: RangeTarget): Range;
  /** True when the node at `path` exists in the source. */
  has(path: YamlPath): boolean;
  /** True when the scalar at `path` was written as a YAML non-string (unquoted bool, number, null). */
  isNonStringScalar(path: YamlPath): boolean;
  /**
   * Parses YAML embedded in the string at `path` (e.g. a ConfigMap's `data.config`). Positions of the returned
   * document map into this file when the string is a literal block scalar (`|`), else onto the string itself.
   */
  embedded(path: YamlPath): SourceDocument | { error: string; range: Range } | undefined;
  /** Character offsets [start, end) of the node at `path` in the file's text, for text edits. */
  offsetsOf(path: YamlPath, target?: RangeTarget): [number, number] | undefined;
  /**
   * The whole text of the file, which `offsetsOf` indexes into; fix builders (src/fix/edits.ts) read indentation and
   * line ends from it. Absent for synthetic documents and for documents embedded in a string (their offsets are not
   * file offsets), which therefore cannot be fixed.
   */
  readonly text?: string;
}

/** A place in an input file. */
export type Location = Range & { file: string };

/** A value read from a document, with where it was read. */
export interface Located<T> {
  readonly value: T;
  readonly doc: SourceDocument;
  readonly path: YamlPath;
}

/** A reference to a node of a document, resolved to a Location only when reported. */
export interface NodeRef {
  readonly doc: SourceDocument;
  readonly path: YamlPath;
  readonly target?: RangeTarget;
}

/** One problem found. */
export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  location: Location;
  related?: { message: string; location: Location }[];
  /** The input could not be processed (parse errors, unreadable files). */
  fatal?: true;
  /** Machine-applicable edit, for rules that can fix. */
  fix?: Fix;
  /** Key of the object the finding concerns (`Kind namespace/name`), for fingerprints and JUnit. */
  subject?: string;
  /** Clusters of the instances the finding concerns, sorted; absent when the repo names none (docs/gitops.md). */
  clusters?: string[];
  /**
   * For findings in rendered output (helm template, kustomize build): the source file that produced the node.
   * `range` is set when that file exists in the scanned tree; SARIF and GitHub annotations then point there.
   */
  origin?: { file: string; via: 'helm' | 'kustomize'; range?: Range };
  /** For findings that rest on a verdict: its outcome, dataplane, sidecar mode and revision (SARIF result properties). */
  verdict?: FindingVerdict;
}

/** The verdict fields a finding carries along (src/injection/types.ts Verdict). */
export interface FindingVerdict {
  outcome: 'injected' | 'not-injected' | 'blocked' | 'unknown';
  dataplane: 'sidecar' | 'ambient' | 'none' | null;
  sidecarMode: 'native' | 'classic' | null;
  revision: string | null;
}

/** A text edit on one file: replace [start, end) character offsets with `text`. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

/** An unambiguous, comment-preserving fix. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}
