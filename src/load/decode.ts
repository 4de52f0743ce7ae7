/**
 * @fileoverview Bytes of an input file → text, as Kubernetes' YAML decoder would see them. go-yaml detects UTF-16 by
 * its byte order mark and reads UTF-8 otherwise (gopkg.in/yaml.v2 readerc.go, yaml_parser_determine_encoding); it has
 * no UTF-32. So UTF-8 and UTF-16 (LE/BE) with a BOM are decoded; a UTF-32 BOM is reported as such, not as binary.
 */

/** Decoded text, or why the bytes are not text (message ids of invalid-yaml in src/diagnostics.ts). */
export type Decoded = { text: string } | { problem: 'binary' | 'utf32' } | { problem: 'undecodable'; encoding: string };

const UTF16_FATAL = {
  le: new TextDecoder('utf-16le', { fatal: true }),
  be: new TextDecoder('utf-16be', { fatal: true }),
};

/** Decodes a file's bytes (see the file overview): the first `length` bytes of `bytes` (default: all of them). */
export function decodeBytes(bytes: Uint8Array, length = bytes.length): Decoded {
  const buf = length === bytes.length ? bytes : bytes.subarray(0, length);
  const b0 = buf[0];
  const b1 = buf[1];
  if ((b0 === 0xff && b1 === 0xfe && buf[2] === 0 && buf[3] === 0) || (b0 === 0 && b1 === 0 && buf[2] === 0xfe && buf[3] === 0xff)) return { problem: 'utf32' };
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const le = b0 === 0xff;
    let text: string;
    try {
      text = (le ? UTF16_FATAL.le : UTF16_FATAL.be).decode(buf.subarray(2));
    } catch {
      return { problem: 'undecodable', encoding: le ? 'UTF-16LE' : 'UTF-16BE' };
    }
    return text.includes('\0') ? { problem: 'binary' } : { text };
  }
  if (buf.indexOf(0) >= 0) return { problem: 'binary' };
  // A Buffer is decoded in place: no view over its memory is made for every file.
  const text = Buffer.isBuffer(bytes) ? bytes.toString('utf8', 0, length) : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
