// Converting an image file to the format a cloud wants with `qemu-img convert` (Debian's
// qemu-utils): file to file, never through memory, with progress and cancel.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QEMU_FORMAT } from './diskFormat';

export class ConversionError extends Error {}

export interface ConvertOptions {
  /** Folder for the converted file; default: the system temp folder. */
  tmpDir?: string;
  signal?: AbortSignal;
  /** Percent done, as qemu-img reports it. */
  onProgress?: (percent: number) => void;
  qemuImg?: string;
}

/** Converts `source` (of format `from`) to `to`; resolves with the path of the new file. */
export async function convertImage(source: string, from: string, to: string, options: ConvertOptions = {}): Promise<string> {
  const inFormat = QEMU_FORMAT[from];
  const outFormat = QEMU_FORMAT[to];
  if (!inFormat || !outFormat) throw new ConversionError(`cannot convert ${from} to ${to}: qemu-img handles ${Object.keys(QEMU_FORMAT).join(', ')}`);
  const dir = await fs.promises.mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'openstack-clouds-convert-'));
  const target = path.join(dir, `${path.basename(source).replace(/\.[^.]+$/, '')}.${to}`);
  const args = ['convert', '-p', '-f', inFormat, '-O', outFormat, source, target];
  try {
    await run(options.qemuImg ?? 'qemu-img', args, options);
    return target;
  } catch (e) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Removes a converted file and its folder. */
export async function removeConverted(file: string): Promise<void> {
  await fs.promises.rm(path.dirname(file), { recursive: true, force: true });
}

function run(command: string, args: string[], options: ConvertOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new ConversionError('conversion cancelled'));
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /\((\d+(?:\.\d+)?)\/100%\)\s*$/.exec(chunk.toString().split('\r').filter(Boolean).at(-1) ?? '');
      if (m) options.onProgress?.(Number(m[1]));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()).slice(-2000));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new ConversionError(`${command} is not installed: install the qemu-utils package (apt-get install qemu-utils), or upload with --no-convert`));
      else if (e.name === 'AbortError') reject(new ConversionError('conversion cancelled'));
      else reject(new ConversionError(`${command} failed to start: ${e.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else if (options.signal?.aborted) reject(new ConversionError('conversion cancelled'));
      else reject(new ConversionError(`${command} convert failed (exit ${code}): ${stderr.trim().slice(0, 500)}`));
    });
  });
}
