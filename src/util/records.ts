/** @fileoverview Type guards for plain data read from YAML/JSON, shared by every stage (no stage-specific logic). */

/** True for a plain mapping (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
