/** @fileoverview RuleTester cases for webhook-ca-bundle: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/webhook-ca-bundle.js';
import { ruleTester } from '../harness/rule-tester.js';

/** Two self-signed EC roots (openssl req -x509, test data only). */
const ROOT_A = `-----BEGIN CERTIFICATE-----
MIIBpjCCAU2gAwIBAgIUG+/HodLl+A+B5BOpiVe1DzJ0aPkwCgYIKoZIzj0EAwIw
KTEWMBQGA1UECgwNY2x1c3Rlci5sb2NhbDEPMA0GA1UEAwwGcm9vdC1hMB4XDTI2
MTEyNTA4MzMyNloXDTM2MTEyMjA4MzMyNlowKTEWMBQGA1UECgwNY2x1c3Rlci5s
b2NhbDEPMA0GA1UEAwwGcm9vdC1hMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
EtlztBgBW4iXPsc3+n7okb/g+vurjp7yrjjOEa3nuAVlolYzXSdLLyGwxnDEgTdl
ETW7PTeCkF0GRwDZhK/L56NTMFEwHQYDVR0OBBYEFBlA52xD1j9gY9gf56EMgotE
kuW5MB8GA1UdIwQYMBaAFBlA52xD1j9gY9gf56EMgotEkuW5MA8GA1UdEwEB/wQF
MAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgAozhlqF1YNUcYit9WqHLDtGRkfEwbMJ4
btstkpUU210CIE8EbBqd0j4Z3TcQ/6FQhhI3/ihHnYqr/APu2+ZT6vW0
-----END CERTIFICATE-----
`;
const ROOT_B = `-----BEGIN CERTIFICATE-----
MIIBqDCCAU2gAwIBAgIUOdr7pnEPpwiaZ4eOVO9wvDpxgm8wCgYIKoZIzj0EAwIw
KTEWMBQGA1UECgwNY2x1c3Rlci5sb2NhbDEPMA0GA1UEAwwGcm9vdC1iMB4XDTI2
MTEyNTA4MzMyNloXDTM2MTEyMjA4MzMyNlowKTEWMBQGA1UECgwNY2x1c3Rlci5s
b2NhbDEPMA0GA1UEAwwGcm9vdC1iMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
JQPosleFiDe4Prr/Wwv9EWwBhM4HDvP8lKtTNO2p+/frsN9ZenQVE8tu9KwEjvCL
S5gbkm+KOo2bJa/4BwvJi6NTMFEwHQYDVR0OBBYEFJCilGh8lc2LDSmeJRTBcueK
Gw4LMB8GA1UdIwQYMBaAFJCilGh8lc2LDSmeJRTBcueKGw4LMA8GA1UdEwEB/wQF
MAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAJRb4QWApfMs/N0e7SSHKi+IK7ZRTtyo
/99YcE+aJ1PnAiEA3RjsPjGukC0uehHyi2KA+3b7LFRW2mE6mq6OMlHtVkY=
-----END CERTIFICATE-----
`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

interface MwcOptions {
  labels?: string;
  annotations?: string;
  name?: string;
  /** The caBundle line under clientConfig (omitted when undefined). */
  caBundle?: string;
  target?: string;
}

/** One injection webhook; its `clientConfig` key is on line 9 and `caBundle` on line 11. */
const mwc = (o: MwcOptions = {}) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {${o.labels ?? 'istio.io/rev: default'}}
  annotations: {${o.annotations ?? ''}}
webhooks:
  - name: ${o.name ?? 'namespace.sidecar-injector.istio.io'}
    clientConfig:
      ${o.target ?? 'service: {name: istiod, namespace: istio-system, path: /inject}'}
${o.caBundle === undefined ? '' : `      caBundle: ${o.caBundle}\n`}    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    failurePolicy: Fail
    namespaceSelector: {matchLabels: {istio-injection: enabled}}
`;

/** An istiod Deployment of `revision`, optionally with caBundle patching turned off. */
const istiod = (revision: string, patching = true, replicas = 1) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod${revision === 'default' ? '' : `-${revision}`}
  namespace: istio-system
spec:
  replicas: ${replicas}
  template:
    metadata:
      labels: {app: istiod, istio.io/rev: ${revision}, sidecar.istio.io/inject: "false"}
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.28.0
          ports: [{containerPort: 15017, name: https-webhooks}]
          env:
            - {name: REVISION, value: ${revision}}
${patching ? '' : '            - {name: INJECTION_WEBHOOK_CONFIG_NAME, value: ""}\n'}---
apiVersion: v1
kind: Service
metadata:
  name: istiod${revision === 'default' ? '' : `-${revision}`}
  namespace: istio-system
spec:
  selector: {app: istiod, istio.io/rev: ${revision}}
  ports: [{name: https-webhook, port: 443, targetPort: 15017}]
`;

/** istiod's root certificate as the ConfigMap istio-ca-root-cert publishes it. */
const rootConfigMap = (pem: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-ca-root-cert
  namespace: istio-system
data:
  root-cert.pem: |
${pem.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}
`;

ruleTester(rule, {
  valid: [
    { name: 'chart MWC, no istiod in the inputs: istiod elsewhere may patch it', yaml: mwc() },
    { name: 'chart MWC with istiod of its revision in the inputs (scenario 34)', yaml: { 'mwc.yaml': mwc({ caBundle: '""' }), 'istiod.yaml': istiod('default') } },
    { name: 'cert-manager fills it', yaml: mwc({ labels: '', annotations: 'cert-manager.io/inject-ca-from: istio-system/istiod-ca' }) },
    {
      name: 'remote cluster: a url webhook is patched by the primary',
      yaml: { 'mwc.yaml': mwc({ labels: 'istio.io/rev: remote', target: 'url: https://istiod.example.com:15017/inject/cluster/remote/net/n1' }), 'istiod.yaml': istiod('default') },
    },
    { name: 'a valid CA on a webhook istiod patches (overwritten at runtime)', yaml: { 'mwc.yaml': mwc({ caBundle: b64(ROOT_B) }), 'root.yaml': rootConfigMap(ROOT_A) } },
    { name: 'unpatched webhook whose CA is the repo root', yaml: { 'mwc.yaml': mwc({ labels: '', caBundle: b64(ROOT_A) }), 'root.yaml': rootConfigMap(ROOT_A) } },
    { name: 'unpatched webhook with a CA and no root in the inputs', yaml: mwc({ labels: '', caBundle: b64(ROOT_B) }) },
    {
      name: 'no caBundle on a webhook whose rules leave out pod CREATE (never called for pods)',
      yaml: mwc({ labels: '' }).replace('operations: [CREATE]', 'operations: [UPDATE]'),
    },
    {
      name: 'cert-manager overwrites a stale CA',
      yaml: { 'mwc.yaml': mwc({ labels: '', annotations: 'cert-manager.io/inject-ca-from: istio-system/istiod-ca', caBundle: b64(ROOT_B) }), 'root.yaml': rootConfigMap(ROOT_A) },
    },
    {
      name: 'behind a scaled-to-zero injector the call fails first; webhook-no-endpoints reports that',
      yaml: { 'mwc.yaml': mwc({ labels: '' }), 'istiod.yaml': istiod('default', true, 0) },
    },
  ],
  invalid: [
    {
      name: 'no istio.io/rev label: nothing patches the empty caBundle (scenario 33)',
      yaml: mwc({ labels: '', caBundle: '""' }),
      errors: [{
        messageId: 'unpatched', line: 11, column: 7, endLine: 11, endColumn: 19,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector has an empty caBundle and nothing fills it (MutatingWebhookConfiguration istio-sidecar-injector has no istio.io/rev label): the API server cannot verify the injector\'s certificate (x509: certificate signed by unknown authority), so with failurePolicy Fail every pod it selects is rejected. Set caBundle, annotate the MutatingWebhookConfiguration with cert-manager.io/inject-ca-from, or let istiod patch it (label istio.io/rev=<revision>, name ending in sidecar-injector.istio.io).',
      }],
    },
    {
      name: 'a name istiod\'s patcher skips; caBundle absent points at clientConfig',
      yaml: mwc({ name: 'inject.example.com' }),
      errors: [{ messageId: 'unpatched', line: 9, column: 5, endLine: 9, endColumn: 17 }],
    },
    {
      name: 'revision without an istiod while the control plane is in the inputs',
      yaml: { 'mwc.yaml': mwc({ labels: 'istio.io/rev: canary' }), 'istiod.yaml': istiod('default') },
      errors: [{ messageId: 'unpatched', line: 9, column: 5, endLine: 9, endColumn: 17, file: 'mwc.yaml' }],
    },
    {
      name: 'istiod with patching disabled',
      yaml: { 'mwc.yaml': mwc(), 'istiod.yaml': istiod('default', false) },
      errors: [{
        messageId: 'unpatched', line: 9, column: 5, endLine: 9, endColumn: 17, file: 'mwc.yaml',
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector has no caBundle and nothing fills it (istiod Deployment istio-system/istiod sets INJECTION_WEBHOOK_CONFIG_NAME=""): the API server cannot verify the injector\'s certificate (x509: certificate signed by unknown authority), so with failurePolicy Fail every pod it selects is rejected. Set caBundle, annotate the MutatingWebhookConfiguration with cert-manager.io/inject-ca-from, or let istiod patch it (label istio.io/rev=<revision>, name ending in sidecar-injector.istio.io).',
      }],
    },
    {
      name: 'caBundle is raw PEM text, not base64',
      yaml: mwc({ caBundle: '"-----BEGIN CERTIFICATE-----"' }),
      errors: [{
        messageId: 'notBase64', line: 11, column: 7, endLine: 11, endColumn: 46,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector: caBundle is not valid base64, so the API server rejects this MutatingWebhookConfiguration; write the base64 encoding of the PEM CA certificate.',
      }],
    },
    {
      name: 'caBundle is base64 of something else',
      yaml: mwc({ caBundle: b64('not a certificate') }),
      errors: [{ messageId: 'notPem', line: 11, column: 7, endLine: 11, endColumn: 41 }],
    },
    {
      name: 'unpatched webhook whose CA is not the repo root',
      yaml: { 'mwc.yaml': mwc({ labels: '', caBundle: b64(ROOT_B) }), 'root.yaml': rootConfigMap(ROOT_A) },
      errors: [{
        messageId: 'differsFromRoot', line: 11, column: 7, endLine: 11, endColumn: 865, file: 'mwc.yaml',
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector: caBundle matches none of the root certificates in the inputs (ConfigMap istio-system/istio-ca-root-cert root-cert.pem) and istiod does not patch it (MutatingWebhookConfiguration istio-sidecar-injector has no istio.io/rev label), so calls fail with "x509: certificate signed by unknown authority" (with failurePolicy Fail every pod it selects is rejected); use the CA that signs istiod\'s serving certificate.',
      }],
    },
  ],
});
