/**
 * @fileoverview Finds and runs the locally installed renderers (helm, kustomize, kubectl). With src/render/ this is
 * the only code that may start processes (see eslint.config.js). It runs exactly the binary it resolved, without a
 * shell, with a timeout, and with an environment that sends any HTTP(S) request to a closed local port.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { devNull } from 'node:os';
import path from 'node:path';

/** Environment variables as the CLI sees them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where a tool was found: its absolute path, and how (for messages). */
export interface ResolvedTool {
  path: string;
  /** `LINT_INJECTION_HELM` or `PATH`. */
  via: string;
}

/** Why a tool could not be found, as one sentence fragment. */
export interface MissingTool {
  missing: string;
}

/**
 * Resolves a tool: the override variable when set (it must name an executable file), else `name` on PATH.
 * Never looks inside the scanned repository.
 */
export function resolveTool(name: string, overrideVar: string, env: Env): ResolvedTool | MissingTool {
  const override = env[overrideVar];
  if (override !== undefined && override !== '') {
    return isExecutable(override) ? { path: path.resolve(override), via: overrideVar } : { missing: `${overrideVar}=${override} is not an executable file` };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || !path.isAbsolute(dir)) continue; // a relative PATH entry would resolve inside the scanned tree
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return { path: candidate, via: 'PATH' };
  }
  return { missing: `${name} was not found on PATH` };
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** How to run a tool. */
export interface RunOptions {
  cwd: string;
  env: Env;
  timeoutMs: number;
  /** Largest output accepted, in bytes. */
  maxOutput: number;
}

/** What a tool run produced. */
export type RunResult = { ok: true; stdout: string } | { ok: false; error: string };

/** A closed port on the loopback interface: requests through this "proxy" fail at once instead of downloading. */
const NO_NETWORK_PROXY = 'http://127.0.0.1:9';

/**
 * A cluster address that client-go cannot parse as a URL: with it, kubectl builds no client and opens no socket at
 * all (checked with strace for `kubectl kustomize`, kubectl v1.32), where a well-formed address, even a closed port,
 * is still dialled. client-go takes it from KUBERNETES_MASTER when there is no kubeconfig
 * (k8s.io/client-go tools/clientcmd/client_config.go, getDefaultServer), and would dial http://localhost:8080 without it.
 */
export const NO_CLUSTER_SERVER = 'http://%no-cluster%';

/** Variables that point a Kubernetes client at a cluster: in-cluster config, Helm's overrides. */
const CLUSTER_VARIABLES = /^(KUBERNETES_SERVICE_HOST|KUBERNETES_SERVICE_PORT.*|HELM_KUBE.*)$/;

/**
 * The child's environment: the user's (helm and kubectl need HOME and their config dirs) minus any way out. The
 * user's kubeconfig is replaced by an empty one and the default cluster by an address that cannot be dialled, so
 * `kubectl kustomize` (which contacts the kubeconfig's server) reaches no cluster; HTTP(S) proxies point at a closed
 * local port so a download attempt fails at once.
 */
export function offlineEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !CLUSTER_VARIABLES.test(k)) out[k] = v;
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) out[k] = NO_NETWORK_PROXY;
  for (const k of ['NO_PROXY', 'no_proxy']) out[k] = '';
  out.KUBECONFIG = devNull;
  out.KUBERNETES_MASTER = NO_CLUSTER_SERVER;
  out.GIT_TERMINAL_PROMPT = '0';
  out.GIT_ALLOW_PROTOCOL = 'file';
  return out;
}

/** Runs `bin args…` (no shell), with `input` on its standard input, and returns its standard output, or the reason it failed in one line. */
export function runTool(bin: string, args: readonly string[], options: RunOptions, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      [...args],
      { cwd: options.cwd, env: offlineEnv(options.env), timeout: options.timeoutMs, maxBuffer: options.maxOutput, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) {
          resolve({ ok: true, stdout });
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
        let why: string;
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') why = `output exceeds ${options.maxOutput} bytes (raise maxFileSize)`;
        else if (e.killed && e.signal === 'SIGTERM') why = `timed out after ${Math.round(options.timeoutMs / 1000)} s`;
        else why = firstMeaningfulLine(stderr) ?? e.message.split('\n')[0] ?? 'failed';
        resolve({ ok: false, error: why });
      },
    );
    if (input !== undefined) {
      // A tool that exits before reading its input closes the pipe (EPIPE): its exit status reports the failure.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    }
  });
}

/**
 * The cause from a tool's stderr, on one line: the last `Error:` line (helm, kustomize), or the `err="…"` of a klog
 * line (`kubectl kustomize`), else the first line. Warnings are skipped.
 */
export function firstMeaningfulLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(WARNING|walk\.go|W\d{4} )/.test(l))
    .map((l) => l.replace(/^[EIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] /, ''));
  const error = lines.filter((l) => /^error:/i.test(l)).pop();
  let line = error ?? lines[0];
  const klog = line === undefined ? null : /\berr="((?:[^"\\]|\\.)*)"/.exec(line);
  if (klog) line = klog[1]!.replace(/\\(.)/g, '$1');
  return line?.replace(/^error:\s*/i, '').replace(/\.$/, '');
}
