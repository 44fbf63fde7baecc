// Checksum files of the image publishers, in the three line forms they use (image-sources.md §6):
//   `<hex>  <name>` / `<hex> *<name>` (coreutils: Debian SHA512SUMS, CirrOS MD5SUMS, Ubuntu SHA256SUMS)
//   `SHA256 (<name>) = <hex>` (BSD: Fedora, CentOS, Rocky CHECKSUM), with `# <name>: <N> bytes`
// PGP armour is skipped here (clear-signed payloads are verified in signature.ts first); names are
// matched whole, never by substring, and the hex is lower-cased.

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface PublishedDigest {
  algorithm: HashAlgorithm;
  hex: string;
  /** From a `# name: N bytes` comment, where the file has one. */
  size?: number;
}

/** Bound on what is parsed: checksum files of a release directory are a few KiB. */
export const MAX_CHECKSUM_FILE = 4 * 1024 * 1024;

const HEX_LENGTH: Record<HashAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const BY_LENGTH = new Map(Object.entries(HEX_LENGTH).map(([a, n]) => [n, a as HashAlgorithm]));

const BSD_LINE = /^(MD5|SHA1|SHA256|SHA512) ?\((.+)\) ?= ?([0-9a-fA-F]+)$/;
const GNU_LINE = /^\\?([0-9a-fA-F]+) [ *](.+)$/;
const SIZE_COMMENT = /^# (.+): (\d+) bytes$/;

/** Every entry of a checksum file by file name. Lines that are not checksums are skipped. */
export function parseChecksumFile(text: string): Map<string, PublishedDigest> {
  if (text.length > MAX_CHECKSUM_FILE) throw new Error(`checksum file of ${text.length} characters is larger than ${MAX_CHECKSUM_FILE}`);
  const digests = new Map<string, PublishedDigest>();
  const sizes = new Map<string, number>();
  for (const raw of clearSignedBody(text).split(/\r?\n/)) {
    const line = raw.trim();
    const size = SIZE_COMMENT.exec(line);
    if (size) sizes.set(size[1]!, Number(size[2]));
    if (!line || line.startsWith('#')) continue;
    const entry = parseLine(line);
    if (entry) digests.set(entry.name, { algorithm: entry.algorithm, hex: entry.hex });
  }
  for (const [name, size] of sizes) {
    const digest = digests.get(name);
    if (digest) digest.size = size;
  }
  return digests;
}

function parseLine(line: string): { name: string; algorithm: HashAlgorithm; hex: string } | undefined {
  const bsd = BSD_LINE.exec(line);
  if (bsd) {
    const algorithm = bsd[1]!.toLowerCase() as HashAlgorithm;
    const hex = bsd[3]!.toLowerCase();
    return hex.length === HEX_LENGTH[algorithm] ? { name: bsd[2]!, algorithm, hex } : undefined;
  }
  const gnu = GNU_LINE.exec(line);
  if (!gnu) return undefined;
  const algorithm = BY_LENGTH.get(gnu[1]!.length);
  return algorithm ? { name: gnu[2]!, algorithm, hex: gnu[1]!.toLowerCase() } : undefined;
}

/**
 * The text a clear-signature covers (RFC 4880 §7: after the armour headers, dash-escaped, up to the
 * signature); text outside it is not covered and is dropped. Other text is returned as it is.
 */
export function clearSignedBody(text: string): string {
  const begin = text.indexOf('-----BEGIN PGP SIGNED MESSAGE-----');
  if (begin < 0) return text;
  const lines = text.slice(begin).split(/\r?\n/);
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== '') i++; // armour headers (Hash: ...)
  const body: string[] = [];
  for (i++; i < lines.length && !lines[i]!.startsWith('-----BEGIN PGP SIGNATURE-----'); i++) {
    body.push(lines[i]!.startsWith('- ') ? lines[i]!.slice(2) : lines[i]!);
  }
  return body.join('\n');
}

/** Whether a checksum file carries its own (clear) signature. */
export function isClearSigned(text: string): boolean {
  return text.includes('-----BEGIN PGP SIGNED MESSAGE-----');
}
