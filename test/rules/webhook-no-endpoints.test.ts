/** @fileoverview RuleTester cases for webhook-no-endpoints: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/webhook-no-endpoints.js';
import { ruleTester } from '../harness/rule-tester.js';

/** One fail-closed injection webhook; `clientConfig.service` is on line 9. */
const mwc = (o: { port?: number; service?: string; failurePolicy?: string; namespaceSelector?: string; objectSelector?: string } = {}) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
  labels: {istio.io/rev: default}
webhooks:
  - name: namespace.sidecar-injector.istio.io
    clientConfig:
      service: {name: ${o.service ?? 'istiod'}, namespace: istio-system, path: /inject, port: ${o.port ?? 443}}
    rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
    failurePolicy: ${o.failurePolicy ?? 'Fail'}
    namespaceSelector: ${o.namespaceSelector ?? '{matchLabels: {istio-injection: enabled}}'}
    objectSelector: ${o.objectSelector ?? '{matchExpressions: [{key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}]}'}
`;

/** istiod as the chart renders it (trimmed): pods labelled inject "false", webhook port 15017. */
const istiod = (o: { replicas?: number; podLabels?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
${o.replicas === undefined ? '' : `  replicas: ${o.replicas}\n`}  template:
    metadata:
      labels: {${o.podLabels ?? 'app: istiod, istio: pilot, sidecar.istio.io/inject: "false"'}}
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.28.0
          ports: [{containerPort: 8080, name: http-debug}, {containerPort: 15017, name: https-webhooks}]
`;

const service = (o: { selector?: string; ports?: string } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: istiod
  namespace: istio-system
spec:
${o.selector === undefined ? '  selector: {app: istiod, istio: pilot}\n' : o.selector}  ports: ${o.ports ?? '[{name: https-webhook, port: 443, targetPort: 15017}]'}
`;

const hpa = (min: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: istiod
  namespace: istio-system
spec:
  minReplicas: ${min}
  maxReplicas: 5
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: istiod}
`;

const istioSystem = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
  labels: {${labels}}
`;

const cp = (...docs: string[]) => docs.join('---\n');
const at9 = { line: 9, column: 7, endLine: 9, endColumn: 14, file: 'mwc.yaml' };

ruleTester(rule, {
  valid: [
    { name: 'chart control plane: Service, istiod and HPA', yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod(), service(), hpa(1)) } },
    { name: 'control plane not in the inputs', yaml: mwc() },
    { name: 'a fail-open webhook is left to webhook-fails-open', yaml: { 'mwc.yaml': mwc({ failurePolicy: 'Ignore' }), 'cp.yaml': istiod() } },
    { name: 'selector-less Service (remote install, endpoints out of band)', yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod(), service({ selector: '' })) } },
    { name: 'replicas 0 but an HPA floor of 1', yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod({ replicas: 0 }), service(), hpa(1)) } },
    { name: 'targetPort by name', yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod(), service({ ports: '[{port: 443, targetPort: https-webhooks}]' })) } },
    {
      name: 'istiod in a namespace the webhook selects, but its pods opt out',
      yaml: { 'mwc.yaml': mwc({ namespaceSelector: '{}' }), 'cp.yaml': cp(istioSystem(''), istiod(), service()) },
    },
  ],
  invalid: [
    {
      name: 'Service missing while istiod is in the inputs (IST0139)',
      yaml: { 'mwc.yaml': mwc({ service: 'istiod-canary' }), 'cp.yaml': cp(istiod(), service()) },
      errors: [{
        messageId: 'serviceMissing', ...at9,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector fails closed and cannot be called: Service istio-system/istiod-canary that namespace.sidecar-injector.istio.io (istio-sidecar-injector) calls is not in the inputs; every pod it selects is rejected ("service not found"). Fix clientConfig.service or add the Service.',
      }],
    },
    {
      name: 'Service selector matches no pod template',
      yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod({ podLabels: 'app: istiod-canary' }), service()) },
      errors: [{
        messageId: 'noEndpoints', ...at9,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector fails closed and its Service has no endpoints: no pod template in namespace istio-system carries the selector of Service istio-system/istiod; every pod it selects is rejected ("no endpoints available for service"). Fix the Service\'s selector or ports, or scale the injector up.',
      }],
    },
    {
      name: 'istiod scaled to zero without an HPA (scenario 31)',
      yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod({ replicas: 0 }), service()) },
      errors: [{ messageId: 'noEndpoints', ...at9 }],
    },
    {
      name: 'webhook port not exposed by the Service',
      yaml: { 'mwc.yaml': mwc({ port: 15017 }), 'cp.yaml': cp(istiod(), service()) },
      errors: [{ messageId: 'noEndpoints', ...at9 }],
    },
    {
      name: 'targetPort names no container port',
      yaml: { 'mwc.yaml': mwc(), 'cp.yaml': cp(istiod(), service({ ports: '[{port: 443, targetPort: webhook}]' })) },
      errors: [{ messageId: 'noEndpoints', ...at9 }],
    },
    {
      name: 'bootstrap deadlock: the webhook selects istiod\'s own pods',
      yaml: { 'mwc.yaml': mwc({ namespaceSelector: '{}' }), 'cp.yaml': cp(istioSystem(''), istiod({ podLabels: 'app: istiod, istio: pilot' }), service()) },
      errors: [{
        messageId: 'bootstrapDeadlock', ...at9,
        message: 'Webhook namespace.sidecar-injector.istio.io in MutatingWebhookConfiguration istio-sidecar-injector fails closed and selects the pods of Deployment istio-system/istiod, which serve it: once no injector pod runs (upgrade, node drain), new ones are rejected and none can start; label the injector\'s pod template sidecar.istio.io/inject: "false" or exclude namespace istio-system.',
      }],
    },
  ],
});
