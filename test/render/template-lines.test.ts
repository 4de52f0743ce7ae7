/** @fileoverview bestLine: the template line a human edits for a node of rendered Helm output. */
import { describe, it, expect } from 'vitest';
import { bestLine, indexTemplate } from '../../src/render/template-lines.js';
import type { YamlPath } from '../../src/types.js';

const TEMPLATE = `{{- if .Values.enabled }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Release.Name }}
  labels:
    {{- include "labels" . | nindent 4 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:
    sidecar.istio.io/inject: "true"
spec:
  template:
    metadata:
      labels:
        app: web
        "sidecar.istio.io/inject": "false"
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
      containers:
        - name: web
          image: {{ .Values.image }}
          env:
          - name: A
            value: "1"
        - name: sidecar
          image: {{ .Values.sidecarImage }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: {{ .Values.workerImage }}
{{- end }}
`;

const index = indexTemplate(TEMPLATE);
const line = (path: YamlPath, kind?: string, ordinal?: number) => bestLine(index, { path, kind, ordinal }).line;

describe('bestLine', () => {
  it('prefers the occurrence whose parent keys agree with the path', () => {
    expect(line(['metadata', 'labels', 'sidecar.istio.io/inject'], 'Deployment', 0)).toBe(14);
    expect(line(['spec', 'template', 'metadata', 'labels', 'sidecar.istio.io/inject'], 'Deployment', 0)).toBe(20);
  });

  it('returns the range from the key to the end of the line', () => {
    expect(bestLine(index, { path: ['spec', 'template', 'spec', 'hostNetwork'], kind: 'Deployment', ordinal: 0 })).toEqual({
      line: 26,
      column: 7,
      endLine: 26,
      endColumn: 45,
    });
  });

  it('looks in the section that declares the kind, then at the document rank', () => {
    expect(line(['metadata', 'name'], 'ServiceAccount', 0)).toBe(5);
    expect(line(['metadata', 'name'], 'Deployment', 0)).toBe(12);
    expect(line(['metadata', 'name'], 'Deployment', 1)).toBe(39);
    expect(line(['spec', 'template', 'spec', 'containers', 0, 'image'], 'Deployment', 1)).toBe(45);
  });

  it('takes the sequence item the path names among equal candidates', () => {
    expect(line(['spec', 'template', 'spec', 'containers', 0, 'image'], 'Deployment', 0)).toBe(29);
    expect(line(['spec', 'template', 'spec', 'containers', 1, 'image'], 'Deployment', 0)).toBe(34);
    expect(line(['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value'], 'Deployment', 0)).toBe(32);
  });

  it('falls back to the nearest ancestor key written in the template (values built by toYaml)', () => {
    expect(line(['spec', 'template', 'metadata', 'annotations', 'prometheus.io/scrape'], 'Deployment', 0)).toBe(22);
  });

  it('points a whole-document finding at the kind line of its section', () => {
    expect(line([], 'Deployment', 0)).toBe(10);
    expect(line([], 'ServiceAccount', 0)).toBe(3);
  });

  it('falls back to the first line that is not a directive or comment when nothing matches', () => {
    const t = indexTemplate('{{- /* only helpers */ -}}\n{{ include "x" . }}\nfoo\n');
    expect(bestLine(t, { path: ['metadata', 'name'] })).toEqual({ line: 3, column: 1, endLine: 3, endColumn: 4 });
  });
});
