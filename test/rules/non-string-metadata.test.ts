import rule from '../../rules/non-string-metadata.js';
import { ruleTester } from '../harness/rule-tester.js';

ruleTester(rule, {
  valid: [
    {
      name: 'quoted values everywhere',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {version: "1.10", canary: "true"}
spec:
  template:
    metadata:
      labels: {app: web, port: "8080"}
      annotations: {prometheus.io/scrape: "true"}
    spec:
      containers: [{name: web, image: web:1}]
`,
    },
    { name: 'injection keys are left to invalid-injection-label', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: true\n' },
    { name: 'a timestamp-like value stays a string for Go', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n  annotations:\n    released: 2024-01-01\n' },
    { name: 'non-string values outside metadata are fine', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {enabled: "true"}\nbinaryData: {}\n' },
  ],
  invalid: [
    {
      name: 'unquoted boolean and number labels on a Deployment and its pod template',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    version: 1.10
spec:
  template:
    metadata:
      labels:
        app: web
        canary: yes
    spec:
      containers: [{name: web, image: web:1}]
`,
      errors: [
        {
          messageId: 'notString', line: 7, column: 14, endLine: 7, endColumn: 18,
          message: 'Deployment shop/web: label version is an unquoted YAML number (read as 1.1), but Kubernetes label and annotation values must be strings, so kubectl and Helm reject the object; quote the value.',
        },
        { messageId: 'notString', line: 13, column: 17, endLine: 13, endColumn: 20 },
      ],
    },
    {
      name: 'null annotation on a Service',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    cloud.example.com/internal: null\nspec:\n  ports: [{port: 80}]\n',
      errors: [{
        messageId: 'notString', line: 7, column: 33, endLine: 7, endColumn: 37,
        message: 'Service shop/web: annotation cloud.example.com/internal is an unquoted YAML null (read as null), but Kubernetes label and annotation values must be strings, so kubectl and Helm reject the object; quote the value.',
      }],
    },
    {
      name: 'CronJob job template and pod template',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: shop
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    metadata:
      annotations: {retries: 3}
    spec:
      template:
        metadata:
          labels: {batch: true}
        spec:
          restartPolicy: Never
          containers: [{name: job, image: job:1}]
`,
      errors: [
        { messageId: 'notString', line: 10, column: 30, endLine: 10, endColumn: 31 },
        { messageId: 'notString', line: 14, column: 27, endLine: 14, endColumn: 31 },
      ],
    },
    {
      name: 'Namespace with an unquoted numeric label',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: 42\n',
      errors: [{ messageId: 'notString', line: 6, column: 11, endLine: 6, endColumn: 13 }],
    },
  ],
});
