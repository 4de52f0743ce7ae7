/**
 * @fileoverview Message texts of the input diagnostics raised while reading and parsing (walk, decode, parse, model
 * guards), kept in one place so they can be reviewed together. Each is a function of its data, like a rule's
 * `messages` entry; callers never build these sentences themselves.
 */
import { MAX_NESTING_DEPTH } from './limits.js';

export const INPUT_MESSAGES = {
  // invalid-yaml
  duplicateKey: (key: string) => `Invalid YAML: the key ${key} appears twice in one mapping; Kubernetes keeps only one of them, so remove the other.`,
  complexKey: () => 'Invalid YAML for Kubernetes: a mapping key is itself a mapping or list.',
  cyclicAlias: () => 'Invalid YAML for Kubernetes: this alias refers to a node that contains it, so the document has no finite value; replace the alias with the values it should copy.',
  tooDeep: () => `YAML nests deeper than ${MAX_NESTING_DEPTH} levels here; lint-injection does not read documents nested this deep (no Kubernetes manifest needs it).`,
  embeddedTooDeep: () => `nests deeper than ${MAX_NESTING_DEPTH} levels`,
  undecodable: (encoding: string) => `File starts with a ${encoding} byte order mark but is not valid ${encoding}; save it as UTF-8.`,
  // unreadable-file
  notRegularFile: (file: string, what: string) => `Cannot read ${file}: it is ${what}, not a regular file; only regular files are read.`,
  outsideRoots: (file: string) => `${file} was not read: it is a symbolic link to a file outside the paths given on the command line, and lint-injection reads nothing outside them.`,
  grewPastLimit: (file: string, limit: number) => `File ${file} grew past the ${limit}-byte limit while it was read; raise maxFileSize in the config to lint it.`,
  // unrendered-template
  unrenderedTemplate: (syntax: string, where: string, tool: string) =>
    `Document is a template for ${tool}: ${where} holds ${syntax}, whose value is only known once ${tool} renders it; the document is not linted. Lint the rendered output instead.`,
} as const;
