// What an official image source is to the rest of the tool: a root URL (the official one, or a
// mirror with the same layout below it) and a resolve step that turns a reference into one
// immutable image URL and the digest its publisher gives for it.
import type { HashAlgorithm, PublishedDigest } from './checksums';
import type { ImageRef } from './reference';

/** How the published digest was trusted: by a signature checked here, or by the transport alone. */
export type Trust =
  | { signed: true; keyring: string; document: string }
  | { signed: false; reason: string };

export interface ResolvedImage {
  source: string;
  ref: ImageRef;
  /** The immutable build the moving alias (latest, release, current) resolved to. */
  version: string;
  url: string;
  fileName: string;
  digest: PublishedDigest;
  /** Where the digest was read. */
  checksumUrl: string;
  trust: Trust;
  diskFormat: string;
  /** Glance's common image properties (os_distro, os_version, architecture, hw_*). */
  properties: Record<string, string>;
}

/** What a source may do while resolving: read index/checksum files and check signatures. */
export interface SourceContext {
  /** Root URL ending in '/': official or mirror. */
  root: string;
  /** GET a small text file (bounded); throws SourceFetchError on any non-2xx. */
  read(url: string): Promise<string>;
  /** Like read, but undefined when the file is not there (404/410). */
  tryRead(url: string): Promise<string | undefined>;
  /** The keyring to check this source's signatures with, when one is configured or installed. */
  keyring?: string;
  /** Verifies a clear-signed document with gpgv; returns the signed payload only. */
  verifyClearSigned(text: string, keyring: string): Promise<string>;
  /** Verifies a detached signature (binary or armoured) over data with gpgv. */
  verifyDetached(data: string, signature: string, keyring: string): Promise<void>;
}

export interface ImageSource {
  id: string;
  title: string;
  officialRoot: string;
  /** Examples of releases for the offline catalog listing; resolve accepts any the source has. */
  exampleReleases: string[];
  /** Keyring files that, when installed, hold this source's signing key. */
  keyrings: string[];
  signs: boolean;
  resolve(ref: ImageRef, ctx: SourceContext): Promise<ResolvedImage>;
}

export class SourceError extends Error {}

/** A file of the source could not be read: names the URL and the HTTP status. */
export class SourceFetchError extends SourceError {
  constructor(readonly url: string, readonly status: number | undefined, detail: string) {
    super(`${url}: ${status ? `HTTP ${status}` : detail}${status && detail ? `: ${detail}` : ''}`);
  }
}

/** Joins a root and relative path parts with single slashes; parts never climb above the root. */
export function under(root: string, ...parts: string[]): string {
  const rel = parts.join('/').replace(/\/{2,}/g, '/').replace(/^\//, '');
  if (rel.split('/').some((p) => p === '..')) throw new SourceError(`refusing a path that leaves the source root: ${rel}`);
  return root.replace(/\/*$/, '/') + rel;
}

/** The digest of one file in a parsed checksum file, by whole name. */
export function digestOf(sums: Map<string, PublishedDigest>, name: string, where: string): PublishedDigest {
  const digest = sums.get(name);
  if (!digest) throw new SourceError(`${where} lists no checksum for ${name}`);
  return digest;
}

/** "1.10" after "1.9": compares runs of digits as numbers (LANG=C for the rest). */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!, y = pb[i]!;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    const c = nx ? Number(x) - Number(y) || x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
    if (c) return c;
  }
  return pa.length - pb.length;
}

/** The greatest of the names by natural order, or undefined. */
export function newest(names: Iterable<string>): string | undefined {
  return [...names].sort(naturalCompare).at(-1);
}

export type { HashAlgorithm };
