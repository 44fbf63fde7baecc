// The md5 and sha256 of image files, kept between runs in
// `$XDG_CACHE_HOME/openstack-clouds/file-hashes.json`, keyed by what identifies one version of a
// file: path, device, inode, size, and mtime and ctime in nanoseconds. Uploading a file again (to
// another cloud, on a retry, next week) then neither hashes it again nor patches the hashes in
// afterwards: they go into the create, and glance's own md5 of what it stored is still compared
// with them. shade kept such a cache per process; this one outlives the process.
//
// A stale entry must never pass for a fresh one. Any write changes ctime (which no program can set
// back) and mtime, so an entry is recorded only when the file has the same identity after the read
// as before it, and its last change (the later of mtime and ctime) was more than two seconds before
// the read began: on file systems with coarse timestamps, a write in the same tick as the read
// would otherwise keep both (git's "racily clean" rule). Should glance still report other bytes,
// the caller forgets the entry.
import fs from 'node:fs';
import path from 'node:path';
import { cacheHome } from '../../baseImages/cache';

export interface Hashes {
  md5: string;
  sha256: string;
}

/** One version of one file, as far as the file system can tell. */
export interface FileVersion {
  key: string;
  /** When the file or its inode last changed: the later of mtime and ctime (ms since the epoch). */
  changedMs: number;
}

interface Entry extends Hashes { key: string }

const MAX_ENTRIES = 256;
const MAX_STORE_BYTES = 256 * 1024;
/** Coarser than any common file system's timestamps (FAT: 2 s). */
const RACY_MS = 2000;
const HEX = { md5: /^[0-9a-f]{32}$/, sha256: /^[0-9a-f]{64}$/ };

export function fileVersion(file: string, s: fs.BigIntStats): FileVersion {
  return {
    key: [path.resolve(file), s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join('\u0000'),
    changedMs: Number((s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs) / 1_000_000n),
  };
}

export class FileHashCache {
  private entries?: Promise<Entry[]>;

  /** `store` undefined: remember nothing between runs (nothing is read or written). */
  constructor(private readonly store: string | undefined) {}

  static default(env: NodeJS.ProcessEnv = process.env): FileHashCache {
    return new FileHashCache(env.OPENSTACK_CLOUDS_NO_HASH_CACHE ? undefined : path.join(cacheHome(env), 'file-hashes.json'));
  }

  async get(version: FileVersion): Promise<Hashes | undefined> {
    const entry = (await this.load()).find((e) => e.key === version.key);
    return entry && { md5: entry.md5, sha256: entry.sha256 };
  }

  /**
   * Records the hashes of a read that began at `readStartedMs` when the file was not changed since
   * `before` and not shortly before the read began. A failure to write the store is no failure of
   * the upload: the hashes are simply computed again next time.
   */
  async put(file: string, before: FileVersion, readStartedMs: number, hashes: Hashes): Promise<void> {
    if (!this.store || before.changedMs > readStartedMs - RACY_MS) return;
    const after = await fs.promises.stat(file, { bigint: true }).then((s) => fileVersion(file, s), () => undefined);
    if (after?.key !== before.key) return;
    await this.update((entries) => [{ key: before.key, md5: hashes.md5, sha256: hashes.sha256 }, ...entries.filter((e) => e.key !== before.key)]);
  }

  /** After glance stored other bytes than the recorded hashes say: never trust this entry again. */
  async forget(version: FileVersion): Promise<void> {
    await this.update((entries) => entries.filter((e) => e.key !== version.key));
  }

  private load(): Promise<Entry[]> {
    this.entries ??= this.read();
    return this.entries;
  }

  /** The store is a file anyone with the user's rights may have written: only well-formed entries count. */
  private async read(): Promise<Entry[]> {
    if (!this.store) return [];
    try {
      const handle = await fs.promises.open(this.store, 'r');
      try {
        const { size } = await handle.stat();
        if (size > MAX_STORE_BYTES) return [];
        const parsed: unknown = JSON.parse(await handle.readFile('utf8'));
        return Array.isArray(parsed) ? parsed.filter(isEntry).slice(0, MAX_ENTRIES) : [];
      } finally {
        await handle.close();
      }
    } catch {
      return [];
    }
  }

  private async update(change: (entries: Entry[]) => Entry[]): Promise<void> {
    if (!this.store) return;
    const store = this.store;
    const next = change(await this.load()).slice(0, MAX_ENTRIES);
    this.entries = Promise.resolve(next);
    try {
      await fs.promises.mkdir(path.dirname(store), { recursive: true, mode: 0o700 });
      // Another process may write the store at the same time: each writes a whole file and renames
      // it into place, so a reader sees one version or the other, never a mix.
      const tmp = `${store}.${process.pid}.${Date.now()}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify(next), { mode: 0o600 });
      await fs.promises.rename(tmp, store).catch(async (e) => {
        await fs.promises.rm(tmp, { force: true });
        throw e;
      });
    } catch {
      // best effort (read-only home, full disk): see put()
    }
  }
}

function isEntry(e: unknown): e is Entry {
  if (typeof e !== 'object' || e === null) return false;
  const { key, md5, sha256 } = e as Record<string, unknown>;
  return typeof key === 'string' && key.length < 8192 && typeof md5 === 'string' && HEX.md5.test(md5) && typeof sha256 === 'string' && HEX.sha256.test(sha256);
}
