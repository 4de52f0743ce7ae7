/** @fileoverview RuleTester cases for job-sidecar-blocks-completion: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/job-sidecar-blocks-completion.js';
import { ruleTester } from '../harness/rule-tester.js';

const namespace = (labels = 'istio-injection: enabled') => `apiVersion: v1
kind: Namespace
metadata:
  name: batch
  labels: {${labels}}
---
`;

/** Job `batch/migrate`; after the Namespace its `kind` is on line 8. */
const job = (annotations = '{}') => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: batch
spec:
  template:
    metadata:
      annotations: ${annotations}
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: migrate:1}]
`;

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: batch
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: report:1}]
`;

/** An istiod Deployment (discovery container) with an optional ENABLE_NATIVE_SIDECARS value. */
const istiod = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
  template:
    metadata:
      labels: {app: istiod, sidecar.istio.io/inject: "false"}
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.28.0
          env:
            - {name: REVISION, value: default}
${env}`;

ruleTester(rule, {
  valid: [
    { name: 'native sidecar requested by annotation (>= 1.24)', yaml: namespace() + job('{sidecar.istio.io/nativeSidecar: "true"}'), istioVersion: '1.26' },
    { name: 'Istio 1.28 default auto on Kubernetes 1.33: native', yaml: namespace() + cronJob, istioVersion: '1.28', kubernetesVersion: '1.33' },
    { name: 'ENABLE_NATIVE_SIDECARS=true forces native on Kubernetes 1.30', yaml: { 'istiod.yaml': istiod('            - {name: ENABLE_NATIVE_SIDECARS, value: "true"}\n'), 'test.yaml': namespace() + job() }, istioVersion: '1.28', kubernetesVersion: '1.30' },
    { name: 'any annotation value but "false" means native (injection-template.yaml)', yaml: namespace() + job('{sidecar.istio.io/nativeSidecar: "yes"}'), istioVersion: '1.28', kubernetesVersion: '1.30' },
    {
      name: 'Nodes of a --cluster snapshot at 1.33 decide auto',
      yaml: namespace() + job(),
      istioVersion: '1.28',
      cluster: { 'nodes.yaml': 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {kubeletVersion: v1.33.2}}\n' },
    },
    { name: 'job not injected', yaml: namespace('') + job(), istioVersion: '1.26' },
    {
      name: 'istiod turns native sidecars on',
      yaml: { 'istiod.yaml': istiod('            - {name: ENABLE_NATIVE_SIDECARS, value: "true"}\n'), 'test.yaml': namespace() + job() },
      istioVersion: '1.26',
    },
    {
      name: 'a Deployment is not a job',
      yaml: namespace() + job().replace('batch/v1\nkind: Job', 'apps/v1\nkind: Deployment').replace('      restartPolicy: Never\n', ''),
      istioVersion: '1.26',
    },
  ],
  invalid: [
    {
      name: 'Istio 1.28 defaults and Kubernetes 1.32: an injected CronJob is classic',
      yaml: namespace() + cronJob,
      istioVersion: '1.28',
      kubernetesVersion: '1.32',
      errors: [{
        messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 14, severity: 'warning',
        message: 'CronJob batch/report is injected with a classic istio-proxy sidecar (ENABLE_NATIVE_SIDECARS defaults to auto from Istio 1.27 and Kubernetes 1.32 (--kubernetes-version) is older than 1.33): the proxy keeps running after the job\'s containers exit, so the pod never completes. Annotate the pod template sidecar.istio.io/nativeSidecar: "true" (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).',
      }],
    },
    {
      name: 'Istio 1.28 defaults without a Kubernetes version: info naming the assumption and the flag',
      yaml: namespace() + cronJob,
      istioVersion: '1.28',
      errors: [{
        messageId: 'modeAssumed', line: 8, column: 1, endLine: 8, endColumn: 14, severity: 'info',
        message: 'CronJob batch/report is injected, and whether its sidecar is native depends on the cluster\'s Kubernetes version (ENABLE_NATIVE_SIDECARS defaults to auto from Istio 1.27: native only when every node\'s kubelet is 1.33 or newer, and the cluster\'s Kubernetes version is not given); below 1.33 the classic proxy keeps the pod from completing. Pass --kubernetes-version (or set kubernetesVersion) to decide it. Annotate the pod template sidecar.istio.io/nativeSidecar: "true" (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).',
      }],
    },
    {
      name: 'the oldest Node of a --cluster snapshot decides: one kubelet at 1.32',
      yaml: namespace() + job(),
      istioVersion: '1.28',
      cluster: { 'nodes.yaml': 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {nodeInfo: {kubeletVersion: v1.33.2}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}\nstatus: {nodeInfo: {kubeletVersion: v1.32.9}}\n' },
      errors: [{ messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 10, severity: 'warning' }],
    },
    {
      name: 'Job injected on Istio 1.26 without native sidecars (scenario 39)',
      yaml: namespace() + job(),
      istioVersion: '1.26',
      errors: [{
        messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 10,
        message: 'Job batch/migrate is injected with a classic istio-proxy sidecar (ENABLE_NATIVE_SIDECARS defaults to false before Istio 1.27): the proxy keeps running after the job\'s containers exit, so the pod never completes. Annotate the pod template sidecar.istio.io/nativeSidecar: "true" (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).',
      }],
    },
    {
      name: 'the annotation turns native sidecars off',
      yaml: namespace() + job('{sidecar.istio.io/nativeSidecar: "false"}'),
      istioVersion: '1.28',
      errors: [{ messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 10 }],
    },
    {
      name: 'istiod of the injecting revision sets ENABLE_NATIVE_SIDECARS=false on 1.28',
      yaml: { 'istiod.yaml': istiod('            - {name: ENABLE_NATIVE_SIDECARS, value: "false"}\n'), 'test.yaml': namespace() + job() },
      istioVersion: '1.28',
      errors: [{
        messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 10, file: 'test.yaml',
        message: 'Job batch/migrate is injected with a classic istio-proxy sidecar (istiod Deployment istio-system/istiod sets ENABLE_NATIVE_SIDECARS=false): the proxy keeps running after the job\'s containers exit, so the pod never completes. Annotate the pod template sidecar.istio.io/nativeSidecar: "true" (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).',
      }],
    },
    {
      name: 'before 1.24 the annotation is not read',
      yaml: namespace() + job('{sidecar.istio.io/nativeSidecar: "true"}'),
      istioVersion: '1.22',
      errors: [{
        messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 10,
        message: 'Job batch/migrate is injected with a classic istio-proxy sidecar (ENABLE_NATIVE_SIDECARS defaults to false before Istio 1.27): the proxy keeps running after the job\'s containers exit, so the pod never completes. Set ENABLE_NATIVE_SIDECARS=true on istiod (Kubernetes >= 1.29), or end the proxy from the job (POST localhost:15020/quitquitquit).',
      }],
    },
    {
      name: 'CronJob injected on Istio 1.20',
      yaml: namespace() + cronJob,
      istioVersion: '1.20',
      errors: [{ messageId: 'classicSidecar', line: 8, column: 1, endLine: 8, endColumn: 14 }],
    },
  ],
});
