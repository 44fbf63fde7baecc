// The image cache: `$XDG_CACHE_HOME/openstack-clouds/images` (default ~/.cache/...), one directory
// per source and build, the image under its published name, and beside it a record of what was
// verified (URL, published digest, size, sha256, trust). A cached image is used again when its
// record names the digest the source publishes now and the file still has the recorded size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HashAlgorithm, PublishedDigest } from './checksums';
import { SourceError, type ResolvedImage, type Trust } from './source';

export interface CacheRecord {
  source: string;
  ref: string;
  version: string;
  url: string;
  digest: PublishedDigest;
  size: number;
  hashes: Partial<Record<HashAlgorithm, string>>;
  trust: Trust;
  properties: Record<string, string>;
  diskFormat: string;
  verifiedAt: string;
}

/** Our folder in the user's cache: `$XDG_CACHE_HOME/openstack-clouds` (default ~/.cache/...). */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'openstack-clouds');
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheHome(env), 'images');
}

const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,200}$/;

/** Where a resolved image lives in the cache. Names come from a remote index: only plain names pass. */
export function cachedPath(root: string, image: Pick<ResolvedImage, 'source' | 'version' | 'fileName'>): string {
  for (const part of [image.source, image.version, image.fileName]) {
    if (!PLAIN_NAME.test(part) || part.includes('..')) throw new SourceError(`refusing to cache under the name '${part.slice(0, 80)}' from the source's index`);
  }
  return path.join(root, image.source, image.version, image.fileName);
}

export function recordPath(file: string): string {
  return `${file}.verified.json`;
}

/** The record of a cached file when the file is still whole and is what the source publishes now. */
export async function cacheHit(file: string, digest: PublishedDigest): Promise<CacheRecord | undefined> {
  let record: CacheRecord;
  try {
    record = JSON.parse(await fs.promises.readFile(recordPath(file), 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
  if (record.digest?.algorithm !== digest.algorithm || record.digest.hex !== digest.hex) return undefined;
  if (record.hashes?.[digest.algorithm] !== digest.hex) return undefined;
  const size = await fs.promises.stat(file).then((s) => s.size, () => -1);
  if (size !== record.size || (digest.size !== undefined && size !== digest.size)) return undefined;
  return record;
}

export async function writeRecord(file: string, record: CacheRecord): Promise<void> {
  const tmp = `${recordPath(file)}.tmp`;
  await fs.promises.writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
  await fs.promises.rename(tmp, recordPath(file));
}
