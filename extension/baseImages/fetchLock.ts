// One fetch of a file at a time: two processes appending to the same `.part` would interleave
// their bytes. A lock file beside the image holds the owner's pid; a lock whose process is gone
// (killed mid-download) is taken over, so a crash never blocks the cache.
import fs from 'node:fs';

export class FetchBusyError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<file>.lock` (or throws FetchBusyError naming the owner); returns the release function. */
export async function lockFetch(file: string): Promise<() => Promise<void>> {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.promises.writeFile(lock, String(process.pid), { flag: 'wx' });
      return () => fs.promises.rm(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await fs.promises.readFile(lock, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && alive(owner)) throw new FetchBusyError(`another fetch of ${file} is running (pid ${owner}); wait for it or stop it`);
      await fs.promises.rm(lock, { force: true });
    }
  }
  throw new FetchBusyError(`cannot take ${lock}`);
}
