/** @fileoverview Kubernetes `[]byte` fields (Secret data, webhook caBundle) and PEM certificates, decoded as the API server does. */

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/**
 * Decodes a `[]byte` field the way the API server does: Go encoding/json uses base64.StdEncoding (padding
 * required), whose decoder skips only `\r` and `\n`. Returns `undefined` when the value would be rejected.
 */
export function decodeBase64(value: string): string | undefined {
  const s = value.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('latin1');
}

/** The base64 bodies of the PEM certificates in `pem`, whitespace removed (the DER, comparable across files). */
export function certificateBodies(pem: string): string[] {
  return [...pem.matchAll(PEM_CERTIFICATE)].map((m) => m[1]!.replace(/\s/g, '')).filter((b) => b !== '');
}
