import rule from '../../rules/misplaced-inject-annotation.js';
import { ruleTester } from '../harness/rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'annotation in the pod template',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      annotations: {sidecar.istio.io/inject: "false"}
    spec:
      containers: [{name: web, image: web:1}]
`,
    },
    {
      name: 'bare Pod: its own metadata is the pod metadata',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: test
  annotations:
    sidecar.istio.io/inject: "false"
spec:
  containers: [{name: t, image: t:1}]
`,
    },
    { name: 'namespace with istio-injection', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}\n' },
  ],
  invalid: [
    {
      name: 'annotation on the Deployment metadata',
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        sidecar.istio.io/inject: "false"
    spec:
      containers: [{name: web, image: web:1}]
`,
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    sidecar.istio.io/inject: "false"
spec:
  template:
    spec:
      containers: [{name: web, image: web:1}]
`,
      errors: [{
        messageId: 'onController', line: 7, column: 5, endLine: 7, endColumn: 37,
        message: 'Annotation sidecar.istio.io/inject: "false" on Deployment shop/web\'s own metadata has no effect: only the pod template is seen at admission; move it to spec.template.metadata.labels.',
      }],
    },
    {
      name: 'label on the CronJob and on its jobTemplate',
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    metadata:
      labels:
        sidecar.istio.io/inject: "true"
    spec:
      template:
        metadata:
          labels:
            sidecar.istio.io/inject: "true"
        spec:
          containers: [{name: job, image: job:1}]
`,
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  labels:
    sidecar.istio.io/inject: "true"
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    metadata:
      labels:
        sidecar.istio.io/inject: "true"
    spec:
      template:
        spec:
          containers: [{name: job, image: job:1}]
`,
      errors: [
        { messageId: 'onController', line: 6, column: 5, endLine: 6, endColumn: 36 },
        { messageId: 'onController', line: 12, column: 9, endLine: 12, endColumn: 40 },
      ],
    },
    {
      name: 'label on a Namespace',
      output: null,
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    sidecar.istio.io/inject: "true"\n',
      errors: [{ messageId: 'onNamespace', line: 6, column: 5, endLine: 6, endColumn: 36 }],
    },
  ],
});
