/** @fileoverview Reads a Helm chart's Chart.yaml (name, type) without rendering anything. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../util/records.js';

/** What lint-injection needs from Chart.yaml. */
export interface ChartMeta {
  /** `name:`; the first segment of every `# Source:` path of the chart's output. */
  name: string;
  /** `type: library` charts render nothing on their own. */
  library: boolean;
}

/** Reads `<dir>/Chart.yaml`; undefined when it is missing, unreadable or names no chart. */
export function readChartMeta(absDir: string): ChartMeta | undefined {
  let value: unknown;
  try {
    value = parse(readFileSync(path.join(absDir, 'Chart.yaml'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.name !== 'string' || value.name === '') return undefined;
  return { name: value.name, library: value.type === 'library' };
}
