import rule from '../../rules/proxy-privileged.js';
import { ruleTester } from '../harness/rule-tester.js';

const deployment = (proxySecurity: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
  namespace: ingress
spec:
  template:
    metadata:
      labels: {sidecar.istio.io/inject: "true"}
    spec:
      containers:
        - name: istio-proxy
          image: auto
          securityContext:
            ${proxySecurity}
`;

const injector = (values: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector-canary
  namespace: istio-system
data:
  config: |-
    policy: enabled
  values: |-
    {
      "global": {
        "proxy": {
          "privileged": ${values}
        }
      }
    }
`;

ruleTester(rule, {
  valid: [
    { name: 'gateway override with the usual hardening', yaml: deployment('runAsUser: 1337\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            privileged: false') },
    { name: 'values with privileged false', yaml: injector('false') },
    {
      name: 'ztunnel names its container istio-proxy but is no sidecar',
      yaml: deployment('runAsUser: 0\n            privileged: true').replace('kind: Deployment', 'kind: DaemonSet').replace('image: auto', 'image: gcr.io/istio-release/ztunnel:1.29.1'),
    },
    {
      name: 'an application container may be privileged (not this rule\'s concern)',
      yaml: deployment('runAsUser: 1337').replace('        - name: istio-proxy', '        - name: app\n          image: app:1\n          securityContext: {privileged: true}\n        - name: istio-proxy'),
    },
  ],
  invalid: [
    {
      name: 'istio-proxy override running as root and privileged',
      yaml: deployment('privileged: true\n            runAsUser: 0\n            runAsNonRoot: false\n            allowPrivilegeEscalation: true'),
      errors: [
        {
          messageId: 'proxyOverride', line: 15, column: 25, endLine: 15, endColumn: 29,
          message: 'Container istio-proxy of Deployment ingress/gateway sets securityContext.privileged: true, which runs the sidecar proxy privileged, with full access to the node; remove it and capture traffic from an ephemeral debug container (kubectl debug --target) instead.',
        },
        { messageId: 'proxyOverride', line: 16, column: 24, endLine: 16, endColumn: 25 },
        { messageId: 'proxyOverride', line: 17, column: 27, endLine: 17, endColumn: 32 },
        { messageId: 'proxyOverride', line: 18, column: 39, endLine: 18, endColumn: 43 },
      ],
    },
    {
      name: 'kube-inject output with a privileged proxy',
      yaml: deployment('privileged: true').replace('image: auto', 'image: docker.io/istio/proxyv2:1.28.0@sha256:0123'),
      errors: [{ messageId: 'proxyOverride', line: 15, column: 25, endLine: 15, endColumn: 29 }],
    },
    {
      name: 'injector values make every proxy privileged',
      yaml: injector('true'),
      errors: [{
        messageId: 'globalPrivileged', line: 13, column: 25, endLine: 13, endColumn: 29,
        message: 'ConfigMap istio-system/istio-sidecar-injector-canary sets values global.proxy.privileged: true, so every sidecar that revision canary injects runs privileged with privilege escalation allowed; set it to false and capture traffic from an ephemeral debug container (kubectl debug --target) instead.',
      }],
    },
    {
      name: 'injector values on one line',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\n  namespace: istio-system\ndata:\n  config: "policy: enabled"\n  values: \'{"global":{"proxy":{"privileged":true}}}\'\n',
      errors: [{ messageId: 'globalPrivileged', line: 8, column: 11, endLine: 8, endColumn: 53 }],
    },
  ],
});
