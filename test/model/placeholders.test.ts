/**
 * @fileoverview unrendered-template: valid YAML that is a template for a tool lint-injection does not run gets one
 * located info, and no rule reports on its placeholder text; placeholders where they decide nothing are left alone.
 */
import { describe, it, expect } from 'vitest';
import { fixtureDir, runBin } from '../e2e/helpers.js';

interface Report {
  findings: { ruleId: string; severity: string; file: string; line: number; column: number; message: string }[];
  workloads: { name: string }[];
}

const lintJson = (files: Record<string, string>) => {
  const r = runBin(['--format', 'json', '.'], fixtureDir(files));
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};

const deployment = (label: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels:
        app: web
        sidecar.istio.io/inject: ${label}
    spec:
      containers:
        - name: web
          image: web:1${extra}
`;

describe('unrendered-template', () => {
  it('a Jinja label value is an info at the value, not an invalid injection label', () => {
    const { code, report } = lintJson({ 'web.yaml': deployment('"{{ tg_sidecar }}"') });
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([['unrendered-template', 'info', 12, 34]]);
    expect(report.findings[0]!.message).toContain('spec.template.metadata.labels.sidecar.istio.io/inject holds the template action {{ tg_sidecar }}');
    expect(report.workloads).toEqual([]);
  });

  it('a Flux ${VAR} namespace outside a Flux Kustomization is an info too', () => {
    const { report } = lintJson({ 'web.yaml': deployment('"true"').replace('namespace: shop', 'namespace: ${APP_NAMESPACE:=shop}') });
    expect(report.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['unrendered-template', 5, 14]]);
    expect(report.findings[0]!.message).toContain('the variable ${APP_NAMESPACE:=shop}');
  });

  it('without the placeholder the same file is an invalid label (the info is not hiding a real problem)', () => {
    const { code, report } = lintJson({ 'web.yaml': deployment('"maybe"') });
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toContain('invalid-injection-label');
  });

  it('leaves ${VAR} in a container command alone', () => {
    const { report } = lintJson({ 'web.yaml': deployment('"true"', '\n          command: ["sh", "-c", "echo ${HOME} {{ x }}"]') });
    expect(report.findings.map((f) => f.ruleId)).not.toContain('unrendered-template');
    expect(report.workloads.map((w) => w.name)).toEqual(['web']);
  });
});
