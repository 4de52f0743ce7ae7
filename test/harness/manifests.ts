/** @fileoverview Small manifests shared by rule tests; line numbers inside them are part of the tests' expectations. */

/** Namespace `shop` with the given label lines (indented for `labels:`). `labels` starts on line 5. */
export const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    ${labels}
`;

/** Deployment `shop/web`; `metadata` is written under the pod template's `metadata:` (line 9). */
export const deployment = (metadata: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      ${metadata}
    spec:
      containers:
        - name: web
          image: web:1
`;
