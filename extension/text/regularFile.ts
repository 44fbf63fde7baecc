// Reading a file that a workspace or a clouds.yaml names, which may be anything: only a regular
// file is read, and only up to a bound. It is opened without blocking and judged on its open
// descriptor, not by a stat of the path before: a FIFO blocks the open (and then the read) until
// someone writes to it, and a device (`cacert: /dev/zero`, a workspace's `clouds.yaml` linked to
// it) says size 0 and never ends. Read on the editor's thread, either hangs the editor; read on
// libuv's, it holds one of its four threads for ever. O_NONBLOCK changes nothing for a regular file.
import fs from 'node:fs';

const OPEN_WITHOUT_BLOCKING = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

export type RegularFileErrorCode = 'EFBIG' | 'ENOTREG';

/** Not read: too large (EFBIG) or not a regular file (ENOTREG). Other errors keep their errno code. */
export class RegularFileError extends Error {
  /**
   * @param reason why, without the file's name: "not a regular file", "larger than 16 MiB"
   * @param size the file's size, when too large
   */
  constructor(readonly code: RegularFileErrorCode, file: string, readonly reason: string, readonly size?: number) {
    super(`${file}: ${reason}`);
  }
}

function judge(file: string, stat: fs.Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new RegularFileError('ENOTREG', file, 'not a regular file');
  if (stat.size > maxBytes) throw new RegularFileError('EFBIG', file, `larger than ${formatLimit(maxBytes)}`, stat.size);
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

/** The bytes of a regular file of at most `maxBytes` (what it held when opened, if it grows). */
export function readRegularFileSync(file: string, maxBytes: number): Buffer {
  const fd = fs.openSync(file, OPEN_WITHOUT_BLOCKING);
  try {
    const stat = fs.fstatSync(fd);
    judge(file, stat, maxBytes);
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = fs.readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return bytes.subarray(0, filled);
  } finally {
    fs.closeSync(fd);
  }
}

/** readRegularFileSync off the calling thread. */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, OPEN_WITHOUT_BLOCKING);
  try {
    const stat = await handle.stat();
    judge(file, stat, maxBytes);
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
