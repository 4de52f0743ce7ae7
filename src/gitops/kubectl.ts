/**
 * @fileoverview Namespace commands in the repository's scripts: `kubectl label namespace|ns <name> key=value…` and
 * `kubectl create namespace|ns <name>` in shell scripts (`*.sh`, `*.bash`), Makefiles (`Makefile`, `*.mk`) and
 * the shell code blocks of Markdown files (fences marked `sh`, `bash`, `shell`, `console`, or unmarked). They are
 * never executed and never decide a verdict: they only let `injection-unknown` point at the line that labels a
 * namespace the inputs hold no Namespace object for, and say how to declare those labels in the config. Plain text
 * scanning, on the texts the walker read (src/load/walk.ts `scripts`); no file is opened here.
 */
import path from 'node:path';
import type { Range, SourceDocument } from '../types.js';
import type { NamespaceCommand } from './types.js';

/** Markdown fence info strings whose code is a shell session or script. */
const SHELL_FENCES = new Set(['', 'sh', 'bash', 'shell', 'console']);
/** kubectl flags that take a value as the next word (when not written `--flag=value`). */
const VALUE_FLAGS = new Set([
  '-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as',
  '--as-group', '--as-uid', '--certificate-authority', '--client-certificate', '--client-key', '--request-timeout',
  '--tls-server-name', '-o', '--output', '--field-manager', '--resource-version', '--template', '--cache-dir',
  '-v', '--v', '--password', '--username', '--profile', '--profile-output', '--log-flush-frequency', '--vmodule',
]);
/** Flags after which the command selects objects by a selector or a file: it names no namespace. */
const SELECTING_FLAGS = /^(-l|--selector|-f|--filename|-k|--kustomize|--all|-A|--all-namespaces)(=|$)/;
const NAMESPACE_TYPES = new Set(['namespace', 'namespaces', 'ns']);
/** A name Kubernetes accepts for a namespace (RFC 1123 label). */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_ARG = /^([A-Za-z0-9][-A-Za-z0-9_./]*)=(.*)$/;

/** How a file's lines are read. */
type Dialect = 'shell' | 'make' | 'markdown';

/** The namespace commands of the scripts, in file and line order. */
export function namespaceCommands(files: readonly { file: string; text: string }[]): NamespaceCommand[] {
  const out: NamespaceCommand[] = [];
  for (const f of files) {
    const dialect = dialectOf(f.file);
    if (dialect === undefined || !f.text.includes('kubectl')) continue;
    for (const line of commandLines(f.text, dialect)) out.push(...commandsIn(f.file, line));
  }
  return out;
}

function dialectOf(file: string): Dialect | undefined {
  const base = path.posix.basename(file);
  const ext = path.posix.extname(file).toLowerCase();
  if (ext === '.md') return 'markdown';
  if (ext === '.mk' || base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile') return 'make';
  if (ext === '.sh' || ext === '.bash') return 'shell';
  return undefined;
}

/** A logical command line: its text (continuations joined) and where each piece of it is in the file. */
interface CommandLine {
  readonly text: string;
  /** Pieces in text order: where in `text` a physical line's code starts, and its 1-based line and column. */
  readonly pieces: readonly { readonly at: number; readonly line: number; readonly column: number }[];
}

/** The lines that hold shell code, with `\` continuations joined and prompts and recipe prefixes removed. */
function commandLines(text: string, dialect: Dialect): CommandLine[] {
  const lines = text.split(/\r?\n/);
  const out: CommandLine[] = [];
  let fence: { marker: string; shell: boolean; prompted: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    let offset = 0;
    if (dialect === 'markdown') {
      // Fences may be indented (inside list items).
      const m = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(raw);
      if (m) {
        if (fence === undefined) {
          const info = m[3]!.toLowerCase().replace(/^\{?\.?/, '').replace(/\}$/, '');
          fence = { marker: m[2]!, shell: SHELL_FENCES.has(info), prompted: info === 'console' && blockHasPrompt(lines, i + 1, m[2]!) };
        } else if (m[2]!.startsWith(fence.marker) && raw.trim() === m[2]) {
          fence = undefined;
        }
        continue;
      }
      if (!fence?.shell) continue;
      // A session shows commands after a prompt and output without one; a `console` block without any prompt is
      // taken as plain commands.
      const prompt = (fence.prompted ? SESSION_PROMPT : PROMPT).exec(raw);
      if (prompt) offset = prompt[0].length;
      else if (fence.prompted) continue;
    } else if (dialect === 'make') {
      const recipe = /^\t[@+-]*\s*/.exec(raw);
      if (recipe) offset = recipe[0].length;
    }
    let body = raw.slice(offset);
    const pieces = [{ at: 0, line: i + 1, column: offset + 1 }];
    // `\` at the end of a line continues the command on the next one.
    while (body.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i]!;
      const lead = (dialect === 'make' ? /^\t[@+-]*\s*/ : /^\s*/).exec(next)![0].length;
      body = `${body.slice(0, -1)} `;
      pieces.push({ at: body.length, line: i + 1, column: lead + 1 });
      body += next.slice(lead);
    }
    if (body.trimStart().startsWith('#') || !body.includes('kubectl')) continue;
    out.push({ text: body, pieces });
  }
  return out;
}

/** A user prompt before a command (`$ kubectl …`); in a session (a `console` block with prompts) also root's `#` and `>`. */
const PROMPT = /^\s*[$%]\s/;
const SESSION_PROMPT = /^\s*[$#%>]\s/;

/** True when a fenced block starting at line `from` has a prompt line before its closing fence. */
function blockHasPrompt(lines: readonly string[], from: number, marker: string): boolean {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l.startsWith(marker) && /^(`+|~+)$/.test(l)) return false;
    if (PROMPT.test(lines[i]!)) return true;
  }
  return false;
}

/** The file position of offset `at` of a logical line. */
function positionOf(line: CommandLine, at: number): { line: number; column: number } {
  let piece = line.pieces[0]!;
  for (const p of line.pieces) if (p.at <= at) piece = p;
  return { line: piece.line, column: piece.column + (at - piece.at) };
}

/** A shell word (quotes removed) or an operator, with its offsets in the line; `literal` false when it holds a variable. */
interface Word {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly literal: boolean;
  readonly operator: boolean;
}

/** Words of one shell line; stops at a comment. */
function words(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length || text[i] === '#') break;
    const start = i;
    // Operators separate commands: `;`, `&&`, `||`, `|`, `&`, and parentheses.
    const op = /^(&&|\|\||[;|()]|&(?!>))/.exec(text.slice(i));
    if (op) {
      out.push({ word: op[0], start, end: i + op[0].length, literal: true, operator: true });
      i += op[0].length;
      continue;
    }
    let word = '';
    let literal = true;
    // `&` inside a redirection (`2>&1`, `&>file`) belongs to the word.
    while (i < text.length && (!/[\s;&|()]/.test(text[i]!) || (text[i] === '&' && (/[<>]/.test(text[i - 1] ?? '') || text[i + 1] === '>')))) {
      const c = text[i]!;
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, i + 1);
        const inner = close < 0 ? text.slice(i + 1) : text.slice(i + 1, close);
        if (c === '"' && /[$`]/.test(inner)) literal = false;
        word += inner;
        i = close < 0 ? text.length : close + 1;
        continue;
      }
      if (c === '$' || c === '`') literal = false;
      if (c === '\\' && i + 1 < text.length) {
        word += text[i + 1];
        i += 2;
        continue;
      }
      word += c;
      i++;
    }
    out.push({ word, start, end: i, literal, operator: false });
  }
  return out;
}

/** The namespace commands on one logical line (`kubectl create ns a && kubectl label ns a k=v` holds two). */
function commandsIn(file: string, line: CommandLine): NamespaceCommand[] {
  const all = words(line.text);
  const out: NamespaceCommand[] = [];
  let begin = 0;
  for (let i = 0; i <= all.length; i++) {
    if (i < all.length && !all[i]!.operator) continue;
    const simple = all.slice(begin, i);
    begin = i + 1;
    const command = parseKubectl(simple);
    if (!command) continue;
    const first = simple[command.offset]!;
    const last = simple[simple.length - 1]!;
    const a = positionOf(line, first.start);
    const b = positionOf(line, last.end);
    const range: Range = { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    const doc = commandDocument(file, range);
    const text = simple.slice(command.offset).map((w) => line.text.slice(w.start, w.end)).join(' ');
    const where = `${file}:${range.line}`;
    for (const name of command.names) out.push({ namespace: name, verb: command.verb, labels: command.labels, command: text, where, at: { doc, path: [] } });
  }
  return out;
}

/** `[VAR=…] [sudo] kubectl [flags] label|create namespace|ns <names…> [key=value…] [flags]`. */
function parseKubectl(ws: readonly Word[]): { verb: 'label' | 'create'; names: string[]; labels: Record<string, string>; offset: number } | undefined {
  let i = 0;
  while (i < ws.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(ws[i]!.word) || ['sudo', 'command', 'exec'].includes(ws[i]!.word))) i++;
  const offset = i;
  if (i >= ws.length || path.posix.basename(ws[i]!.word) !== 'kubectl') return undefined;
  const positional: Word[] = [];
  for (i++; i < ws.length; i++) {
    const w = ws[i]!.word;
    if (SELECTING_FLAGS.test(w)) return undefined;
    const redirect = /^\d*(>>?|<)(.*)$/.exec(w);
    if (redirect) {
      if (redirect[2] === '') i++; // `> file`: the file is the next word
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      if (VALUE_FLAGS.has(w)) i++;
      continue;
    }
    positional.push(ws[i]!);
  }
  const [verb, ...args] = positional;
  if (verb === undefined || (verb.word !== 'label' && verb.word !== 'create')) return undefined;
  const names: string[] = [];
  const labels: Record<string, string> = {};
  let typed = false;
  for (const a of args) {
    if (!a.literal) return undefined; // a variable decides the name or the value: nothing to point at
    const slash = /^(?:namespaces?|ns)\/(.+)$/.exec(a.word);
    if (!typed && names.length === 0 && !slash) {
      if (!NAMESPACE_TYPES.has(a.word)) return undefined;
      typed = true;
      continue;
    }
    if (slash) {
      names.push(slash[1]!);
      continue;
    }
    const label = LABEL_ARG.exec(a.word);
    if (verb.word === 'label' && label) labels[label[1]!] = label[2]!;
    else if (verb.word === 'label' && a.word.endsWith('-')) continue; // removes a label
    else if (Object.keys(labels).length === 0 && (verb.word === 'label' || names.length === 0)) names.push(a.word);
    else return undefined;
  }
  if (names.length === 0 || !names.every((n) => NAMESPACE_NAME.test(n))) return undefined;
  return { verb: verb.word, names, labels, offset };
}

/** A document that stands for one command of a script: every path resolves to the command's range. */
function commandDocument(file: string, range: Range): SourceDocument {
  return {
    file,
    index: 0,
    value: null,
    snapshot: false,
    rangeOf: () => range,
    has: () => false,
    isNonStringScalar: () => false,
    embedded: () => undefined,
    offsetsOf: () => undefined,
  };
}
