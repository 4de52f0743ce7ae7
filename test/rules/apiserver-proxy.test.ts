/** @fileoverview RuleTester cases for apiserver-proxy: valid and invalid manifests with exact positions and pinned messages. */
import rule from '../../rules/apiserver-proxy.js';
import { ruleTester } from '../harness/rule-tester.js';

/** A kubeadm-style kube-apiserver static Pod; its first env entry is on line 16 (with the default command and flags). */
const apiserver = (env: string, flags = '    - --service-cluster-ip-range=10.96.0.0/12\n', command = '    - kube-apiserver\n') => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  labels: {component: kube-apiserver, tier: control-plane}
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.30.0
    command:
${command}${flags}    env:
${env}`;

const env = (...pairs: [string, string][]) => pairs.map(([k, v]) => `    - name: ${k}\n      value: "${v}"\n`).join('');
const proxy: [string, string] = ['HTTPS_PROXY', 'http://proxy.corp.example:3128'];

ruleTester(rule, {
  valid: [
    { name: 'no proxy at all', yaml: apiserver(env(['TZ', 'UTC'])) },
    { name: 'only HTTP_PROXY: webhook calls are HTTPS', yaml: apiserver(env(['HTTP_PROXY', 'http://proxy:3128'])) },
    { name: '.svc exempted', yaml: apiserver(env(proxy, ['NO_PROXY', 'localhost,127.0.0.1,.svc,.cluster.local'])) },
    { name: 'the service CIDR exempted', yaml: apiserver(env(proxy, ['NO_PROXY', '127.0.0.1,10.96.0.0/12'])) },
    { name: 'a CIDR containing the service CIDR', yaml: apiserver(env(proxy, ['no_proxy', '10.0.0.0/8'])) },
    { name: 'everything exempted', yaml: apiserver(env(proxy, ['NO_PROXY', '*'])) },
    { name: 'service CIDR unknown: a private range possibly covers it', yaml: apiserver(env(proxy, ['NO_PROXY', '172.16.0.0/12']), '') },
    { name: 'the webhook host named explicitly', yaml: apiserver(env(proxy, ['NO_PROXY', 'istiod.istio-system.svc'])) },
    {
      name: 'not kube-apiserver',
      yaml: apiserver(env(proxy), '', '    - /bin/app\n').replace('component: kube-apiserver', 'app: proxy-user').replace('name: kube-apiserver\n    image', 'name: app\n    image'),
    },
  ],
  invalid: [
    {
      name: 'https_proxy with a no_proxy of loopback only (scenario 35)',
      yaml: apiserver(env(['https_proxy', 'http://proxy.corp.example:3128'], ['no_proxy', '127.0.0.1,localhost'])),
      errors: [{
        messageId: 'notExempted', line: 16, column: 7, endLine: 17, endColumn: 46,
        message: 'Pod kube-system/kube-apiserver: kube-apiserver sends HTTPS through https_proxy, and no_proxy covers neither .svc nor the service CIDR 10.96.0.0/12, so its calls to webhook Services go to the proxy, which cannot reach them; with failurePolicy Fail every pod an Istio injection webhook selects is rejected. Add 10.96.0.0/12,.svc to no_proxy.',
      }],
    },
    {
      name: 'HTTPS_PROXY without any NO_PROXY',
      yaml: apiserver(env(proxy)),
      errors: [{
        messageId: 'noNoProxy', line: 16, column: 7, endLine: 17, endColumn: 46,
        message: 'Pod kube-system/kube-apiserver: kube-apiserver sends HTTPS through HTTPS_PROXY and sets no NO_PROXY, so its calls to webhook Services (the service CIDR 10.96.0.0/12) go to the proxy, which cannot reach them; with failurePolicy Fail every pod an Istio injection webhook selects is rejected. Set NO_PROXY to include 10.96.0.0/12,.svc.',
      }],
    },
    {
      name: 'NO_PROXY wins over no_proxy (Go getEnvAny)',
      yaml: apiserver(env(['no_proxy', '.svc'], ['NO_PROXY', 'localhost'], proxy)),
      errors: [{ messageId: 'notExempted', line: 20, column: 7, endLine: 21, endColumn: 46 }],
    },
    {
      name: 'a CIDR that does not contain the service CIDR',
      yaml: apiserver(env(proxy, ['NO_PROXY', '10.0.0.0/16'])),
      errors: [{ messageId: 'notExempted', line: 16, column: 7, endLine: 17, endColumn: 46 }],
    },
    {
      name: 'hyperkube, service CIDR unknown, only a public range exempted',
      yaml: apiserver(env(proxy, ['NO_PROXY', '203.0.113.0/24']), '', '    - /hyperkube\n    - kube-apiserver\n').replace('component: kube-apiserver', 'k8s-app: apiserver'),
      errors: [{
        messageId: 'notExempted', line: 16, column: 7, endLine: 17, endColumn: 46,
        message: 'Pod kube-system/kube-apiserver: kube-apiserver sends HTTPS through HTTPS_PROXY, and NO_PROXY covers neither .svc nor the service CIDR, so its calls to webhook Services go to the proxy, which cannot reach them; with failurePolicy Fail every pod an Istio injection webhook selects is rejected. Add .svc and the service CIDR to NO_PROXY.',
      }],
    },
  ],
});
