import rule from '../../rules/proxy-uid-conflict.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {${labels}}
---
`;

const deployment = (podSecurity: string, containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      securityContext: {${podSecurity}}
      containers:
${containers}
`;

const web = (uid: string) => `        - name: web
          image: web:1
          securityContext: {${uid}}`;

ruleTester(rule, {
  valid: [
    { name: 'another UID in an injected pod', yaml: namespace('istio-injection: enabled') + deployment('runAsUser: 1000', web('')) },
    { name: 'UID 1337 in a pod that is not injected', yaml: namespace('') + deployment('', web('runAsUser: 1337')) },
    { name: 'container overrides a pod-level 1337', yaml: namespace('istio-injection: enabled') + deployment('runAsUser: 1337', web('runAsUser: 1000')) },
    {
      name: 'init container as 1337 (documented exemption) and the proxy itself',
      yaml: namespace('istio-injection: enabled') + deployment('', `${web('')}
        - name: istio-proxy
          image: auto
          securityContext: {runAsUser: 1337}
      initContainers:
        - name: migrate
          image: migrate:1
          securityContext: {runAsUser: 1337}`),
    },
  ],
  invalid: [
    {
      name: 'container runs as 1337 in an injected namespace',
      yaml: namespace('istio-injection: enabled') + deployment('', web('runAsUser: 1337')),
      errors: [{
        messageId: 'containerUid', line: 19, column: 40, endLine: 19, endColumn: 44,
        message: 'Container web of Deployment shop/web runs as UID 1337, the sidecar proxy\'s UID, which Istio\'s traffic capture exempts, so its outbound traffic bypasses the proxy (no mTLS, no egress policy); run it as another UID.',
      }],
    },
    {
      name: 'pod-level 1337 inherited by two containers, namespace unknown',
      yaml: deployment('runAsUser: 1337', `${web('')}
        - name: worker
          image: worker:1`),
      errors: [{
        messageId: 'podUid', line: 9, column: 36, endLine: 9, endColumn: 40,
        message: 'Deployment shop/web sets pod securityContext.runAsUser: 1337, the sidecar proxy\'s UID, which Istio\'s traffic capture exempts, so the outbound traffic of containers web, worker bypasses the proxy (no mTLS, no egress policy); use another UID.',
      }],
    },
    {
      name: 'already injected by istioctl kube-inject, namespace not labelled',
      yaml: namespace('') + deployment('', `${web('runAsUser: 1337')}
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.28.0`),
      errors: [{ messageId: 'containerUid', line: 19, column: 40, endLine: 19, endColumn: 44 }],
    },
  ],
});
