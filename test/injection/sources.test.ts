/**
 * @fileoverview Where revisions and tags come from (docs/verdicts.md): the webhooks Istio would create for the Sail
 * Operator's Istio / IstioRevision / IstioRevisionTag, the istiod chart installed by a Flux HelmRelease, an Argo CD
 * Application or an IstioOperator (`revision`, `revisionTags`), and Services labelled `istio.io/tag` (1.28+); a
 * rendered configuration and an implied one side by side. End to end through the in-memory CLI over
 * test/fixtures/sources/, asserting verdicts, the deciding webhook and the implying object's file:line.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { fileURLToPath } from 'node:url';
import { runCliInMemory } from '../harness/cli.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sources');

interface Evidence { file: string; line: number; column: number }
interface Workload {
  namespace: string; name: string; outcome: string; revision: string | null; reason: string; message: string; hints: string[];
  decisive: {
    webhook: { name: string; configuration: string; called: boolean; why: string; impliedBy?: { object: string; source: string } & Evidence } | null;
    facts: ({ role: string; note: string } & Evidence)[];
  };
  trace: { layer: string; message: string; evidence: Evidence[] }[];
}

async function explain(dir: string, args: readonly string[] = []): Promise<Map<string, Workload>> {
  const r = await runCliInMemory(['explain', '-f', 'json', ...args, '.'], { cwd: path.join(FIXTURES, dir) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return new Map((JSON.parse(r.stdout) as { workloads: Workload[] }).workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
}

/** Outcome, revision, reason, and the deciding webhook `name (configuration)`. */
const verdict = (w: Workload | undefined) => w && [w.outcome, w.revision, w.reason, w.decisive.webhook && `${w.decisive.webhook.name} (${w.decisive.webhook.configuration})`];

/** The webhook-match step of a webhook, by its label's start. */
const stepOf = (w: Workload, label: string) => w.trace.find((s) => s.layer === 'webhook-match' && s.message.startsWith(`webhook ${label}`))!;

describe('Sail Operator: Istio (RevisionBased) and IstioRevisionTag default', () => {
  it('the default tag serves istio-injection=enabled with the Istio active revision, implied by the IstioRevisionTag', async () => {
    const w = await explain('sail');
    const cart = w.get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', 'default-v1-28-0', 'POLICY_ENABLED_DEFAULT', 'namespace.sidecar-injector.istio.io (istio-revision-tag-default)']);
    expect(cart.decisive.webhook!.impliedBy).toEqual({ object: 'IstioRevisionTag default', source: 'sail-istio-revision-tag', file: 'istio.yaml', line: 15, column: 3 });
    expect(cart.decisive.facts[0]).toEqual({
      role: 'impliedWebhook',
      note: 'IstioRevisionTag default, which implies webhook namespace.sidecar-injector.istio.io of istio-revision-tag-default (no configuration in the inputs holds it)',
      file: 'istio.yaml', line: 15, column: 3,
    });
    const step = stepOf(cart, 'namespace.sidecar-injector.istio.io (istio-revision-tag-default, implied by IstioRevisionTag default) is called');
    expect(step.message).toContain('; implied by IstioRevisionTag default (the Sail Operator installs tag default for Istio default, revision default-v1-28-0) at istio.yaml:15');
    expect(step.evidence[0]).toEqual({ file: 'istio.yaml', line: 15, column: 3 });
  });

  it('the revision named <name>-<version> has its own webhooks, implied by the Istio', async () => {
    const ledger = (await explain('sail')).get('pay/ledger')!;
    expect(verdict(ledger)).toEqual(['injected', 'default-v1-28-0', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-sidecar-injector-default-v1-28-0)']);
    expect(ledger.decisive.webhook!.impliedBy).toEqual({ object: 'Istio default', source: 'sail-istio', file: 'istio.yaml', line: 5, column: 3 });
    expect(stepOf(ledger, 'rev.namespace.sidecar-injector.istio.io (istio-sidecar-injector-default-v1-28-0').message)
      .toContain('implied by Istio default (the Sail Operator installs revision default-v1-28-0, updateStrategy RevisionBased) at istio.yaml:5');
  });

  it('a revision the repo does not declare is not served, and no default install is assumed', async () => {
    const billing = (await explain('sail')).get('legacy/billing')!;
    expect(verdict(billing)).toEqual(['not-injected', null, 'NO_WEBHOOK_MATCH', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-default)']);
    expect(billing.message).toContain('namespace legacy has istio.io/rev=1-27, but no injection webhook selects that revision or tag');
  });
});

describe('Sail Operator: IstioRevision and an IstioRevisionTag targeting it', () => {
  it('the tag prod calls the IstioRevision, and only the tag default would serve istio-injection=enabled', async () => {
    const w = await explain('sail-revision');
    const cart = w.get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', '1-27', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-prod)']);
    expect(cart.decisive.webhook!.impliedBy).toMatchObject({ object: 'IstioRevisionTag prod', file: 'istio.yaml', line: 15 });
    const web = w.get('plain/web')!;
    expect(verdict(web)?.slice(0, 3)).toEqual(['not-injected', null, 'NO_WEBHOOK_MATCH']);
    expect(web.message).toContain('namespace plain has istio-injection=enabled, but no injection webhook serves that label');
  });
});

describe('the istiod chart installed by a Flux HelmRelease', () => {
  it('revisionTags[0]: default implies the default tag, located at the list entry', async () => {
    const w = await explain('helm-release');
    const cart = w.get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', '1-28', 'POLICY_ENABLED_DEFAULT', 'namespace.sidecar-injector.istio.io (istio-revision-tag-default)']);
    expect(cart.decisive.webhook!.impliedBy).toEqual({ object: 'HelmRelease istio-system/istiod-1-28', source: 'revision-tags-value', file: 'istiod.yaml', line: 26, column: 9 });
    expect(stepOf(cart, 'namespace.sidecar-injector.istio.io (istio-revision-tag-default').message)
      .toContain('implied by revisionTags[0] of HelmRelease istio-system/istiod-1-28 (Flux installs the istiod chart, revision 1-28) (the istiod chart renders tag default for revision 1-28) at istiod.yaml:26');
  });

  it('revision: 1-28 implies the revision\'s webhooks, located at the chart name; defaultRevision implies none', async () => {
    const w = await explain('helm-release');
    const api = w.get('canary/api')!;
    expect(verdict(api)).toEqual(['injected', '1-28', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-sidecar-injector-1-28)']);
    expect(api.decisive.webhook!.impliedBy).toEqual({ object: 'HelmRelease istio-system/istiod-1-28', source: 'helm-release', file: 'istiod.yaml', line: 18, column: 7 });
    const configurations = new Set(api.trace.filter((s) => s.layer === 'webhook-match').map((s) => /\(([^,)]+)/.exec(s.message)![1]));
    expect([...configurations].sort()).toEqual(['istio-revision-tag-default', 'istio-sidecar-injector-1-28']);
  });
});

describe('the istiod chart installed by an Argo CD Application (Helm repository source)', () => {
  it('valuesObject.revision and the parameter revisionTags[0]=canary', async () => {
    const w = await explain('argocd');
    const cart = w.get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', '1-28', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-canary)']);
    expect(cart.decisive.webhook!.impliedBy).toEqual({ object: 'Application argocd/istiod', source: 'revision-tags-value', file: 'istiod.yaml', line: 16, column: 11 });
    expect(verdict(w.get('plain/web'))?.slice(0, 3)).toEqual(['not-injected', null, 'NO_WEBHOOK_MATCH']);
  });
});

describe('an IstioOperator (istioctl install)', () => {
  it('spec.revision and values.revisionTags', async () => {
    const cart = (await explain('istio-operator')).get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', '1-26', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-prod)']);
    expect(cart.decisive.webhook!.impliedBy).toEqual({ object: 'IstioOperator istio-system/control-plane', source: 'revision-tags-value', file: 'iop.yaml', line: 9, column: 20 });
  });
});

describe('a Service labelled istio.io/tag', () => {
  it('implies the tag\'s webhooks from Istio 1.28, located at the label', async () => {
    const cart = (await explain('tag-service')).get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', '1-28', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-prod)']);
    expect(cart.decisive.webhook!.impliedBy).toEqual({ object: 'Service istio-system/istiod-revision-tag-prod', source: 'tag-service', file: 'istiod.yaml', line: 32, column: 5 });
    expect(stepOf(cart, 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-prod').message).toContain('at istiod.yaml:32');
  });

  it('before 1.28 the Service means nothing: the tag is not served', async () => {
    const cart = (await explain('tag-service', ['--istio-version', '1.27'])).get('shop/cart')!;
    expect(verdict(cart)).toEqual(['not-injected', null, 'NO_WEBHOOK_MATCH', 'rev.namespace.sidecar-injector.istio.io (istio-sidecar-injector-1-28)']);
  });
});

describe('a rendered configuration and an implied one side by side', () => {
  it('the rendered default tag wins over the HelmRelease\'s revisionTags (no double counting)', async () => {
    const cart = (await explain('coexist')).get('shop/cart')!;
    expect(verdict(cart)).toEqual(['injected', '1-27', 'POLICY_ENABLED_DEFAULT', 'namespace.sidecar-injector.istio.io (istio-revision-tag-default)']);
    expect(cart.decisive.webhook!.impliedBy).toBeUndefined();
    expect(cart.decisive.facts[0]).toMatchObject({ role: 'webhook', file: 'webhooks.yaml', line: 10 });
    expect(cart.hints).not.toContain('MULTIPLE_INJECTORS');
    expect(cart.trace.some((s) => s.message.includes('istio-revision-tag-default, implied by'))).toBe(false);
    expect(cart.trace.some((s) => s.message.startsWith('webhook rev.namespace.sidecar-injector.istio.io (istio-sidecar-injector-1-28, implied by HelmRelease'))).toBe(true);
  });

  it('the HelmRelease\'s own revision, which no configuration renders, is implied', async () => {
    const api = (await explain('coexist')).get('canary/api')!;
    expect(verdict(api)).toEqual(['injected', '1-28', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-sidecar-injector-1-28)']);
    expect(api.decisive.webhook!.impliedBy).toEqual({ object: 'HelmRelease istio-system/istiod-1-28', source: 'helm-release', file: 'webhooks.yaml', line: 36, column: 7 });
  });
});

describe('Argo CD installs of the istiod chart in several clusters', () => {
  it('count in their destination cluster only: the same tag calls another revision per cluster', async () => {
    const r = await runCliInMemory(['explain', '-f', 'json', '.'], { cwd: path.join(FIXTURES, 'argocd-clusters') });
    expect(r.code).toBe(0);
    const workloads = (JSON.parse(r.stdout) as { workloads: (Workload & { cluster: string })[] }).workloads;
    expect(workloads.map((w) => [w.cluster, ...verdict(w)!, w.decisive.webhook!.impliedBy!.object, w.decisive.webhook!.impliedBy!.line, w.hints])).toEqual([
      ['prod', 'injected', '1-28', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-stable)', 'Application argocd/istiod-prod', 14, []],
      ['staging', 'injected', '1-27', 'POLICY_ENABLED_DEFAULT', 'rev.namespace.sidecar-injector.istio.io (istio-revision-tag-stable)', 'Application argocd/istiod-staging', 51, []],
    ]);
  });
});

describe('the JSON report with implied webhooks', () => {
  it('is valid against schemas/report.schema.json (decisive.webhook.impliedBy)', async () => {
    const r = await runCliInMemory(['-f', 'json', '.'], { cwd: path.join(FIXTURES, 'sail') });
    const schema = JSON.parse(readFileSync(path.join(FIXTURES, '..', '..', '..', 'schemas', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    const report: unknown = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect((report as { workloads: Workload[] }).workloads.filter((w) => w.decisive.webhook?.impliedBy).length).toBe(3);
  });
});
