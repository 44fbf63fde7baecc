// The text of a YAML file read from disk. PyYAML (so Ansible and openstacksdk) refuses a file that
// is not valid UTF-8 ("'utf-8' codec can't decode byte 0xff"), while Node's 'utf8' decoding turns
// bad bytes into U+FFFD without a word. So files are decoded here, the bad bytes still replaced
// (the rest is analysed as usual), and the first one located, for a finding where it is.
import { isUtf8 } from 'node:buffer';
import { RegularFileError, readRegularFileSync } from '../text/regularFile';
import type { Problem } from './problem';
import { LineIndex } from './lineIndex';

export interface DecodedText {
  text: string;
  /** Offset in `text` of the first replacement for bytes that are not UTF-8; undefined when all were. */
  invalidUtf8At?: number;
}

/**
 * A workspace file's text, read only when it is a regular file of at most `maxBytes`: a file a
 * workspace holds may be any size, and reading gigabytes on the editor's thread would hang it.
 * `missing` when there is no such file (or it cannot be read), `too-large` when it was not read.
 */
export function readTextWithin(file: string, maxBytes: number): { text: string } | 'missing' | 'too-large' {
  try {
    return { text: readRegularFileSync(file, maxBytes).toString('utf8') };
  } catch (e) {
    return e instanceof RegularFileError && e.code === 'EFBIG' ? 'too-large' : 'missing';
  }
}

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  // A leading BOM stays in the text, as in the editor's document (js-yaml skips it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const bad = firstInvalidByte(bytes);
  if (bad === undefined) return { text };
  return { text, invalidUtf8At: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad)).length };
}

/** The problem for a file that is not UTF-8, at its first bad byte. */
export function invalidUtf8Problem(file: string, decoded: DecodedText, code = 'invalid-utf8'): Problem | undefined {
  const at = decoded.invalidUtf8At;
  if (at === undefined) return undefined;
  return {
    file,
    range: new LineIndex(decoded.text).range(at, at + 1),
    severity: 'error',
    code,
    message: 'the file is not valid UTF-8 here: Ansible and openstacksdk (PyYAML) refuse to read it; the bad bytes are shown as U+FFFD',
  };
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidByte(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined; // native, so valid files (the common case) are not scanned here
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1]!;
    // The second byte's range excludes overlong forms and surrogates (E0, ED, F0, F4).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return undefined;
}
