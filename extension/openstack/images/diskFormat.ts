// The real format of an image file, read from its own header (qemu-img's magic numbers), and the
// qemu-img name of each Glance disk_format.
import fs from 'node:fs/promises';

export type DiskFormat = 'qcow2' | 'vhd' | 'vhdx' | 'vmdk' | 'vdi' | 'iso' | 'raw';

/** Glance disk_format -> qemu-img format name (`-f` / `-O`). */
export const QEMU_FORMAT: Record<string, string> = { qcow2: 'qcow2', raw: 'raw', vhd: 'vpc', vhdx: 'vhdx', vmdk: 'vmdk', vdi: 'vdi' };

/** Formats we can convert to and from with qemu-img. An ISO is never converted. */
export function isConvertible(format: string): boolean {
  return format in QEMU_FORMAT;
}

export function detectFormatFromBytes(head: Buffer, tail: Buffer): DiskFormat {
  const at = (offset: number, text: string) => head.length >= offset + text.length && head.subarray(offset, offset + text.length).toString('latin1') === text;
  if (at(0, 'QFI\xfb')) return 'qcow2';
  if (at(0, 'vhdxfile')) return 'vhdx';
  if (at(0, 'KDMV') || at(0, '# Disk DescriptorFile')) return 'vmdk';
  if (head.length >= 0x44 && head.readUInt32LE(0x40) === 0xbeda107f) return 'vdi';
  // A dynamic VHD starts with a copy of its footer; a fixed one only has the footer (last 512 bytes).
  if (at(0, 'conectix') || (tail.length >= 512 && tail.subarray(tail.length - 512, tail.length - 504).toString('latin1') === 'conectix')) return 'vhd';
  if (at(0x8001, 'CD001')) return 'iso';
  return 'raw';
}

export async function detectFormat(path: string): Promise<DiskFormat> {
  const file = await fs.open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 0x8010));
    await file.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 512));
    await file.read(tail, 0, tail.length, size - tail.length);
    return detectFormatFromBytes(head, tail);
  } finally {
    await file.close();
  }
}
