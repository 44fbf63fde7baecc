// Converting an image file to the format a cloud wants with `qemu-img convert` (Debian's
// qemu-utils): file to file, never through memory, with progress and cancel. An image file can
// name other files that qemu-img would read into the result (a backing file, a qcow2 external data
// file, VMDK extents: the class of OSSA-2024-001), so `qemu-img info` vets the file first, and both
// commands open it as exactly this file in exactly this format, with backing files disabled.
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
  // Only plain characters in the name we give qemu-img (a `:` could read as a protocol prefix).
  const target = path.join(dir, `${path.basename(source).replace(/\.[^.]+$/, '').replace(/[^\w.-]/g, '_')}.${to}`);
  const qemuImg = options.qemuImg ?? 'qemu-img';
  try {
    await refuseExternalFiles(qemuImg, source, inFormat, options);
    await run(qemuImg, ['convert', '-p', '-O', outFormat, qemuSource(source, inFormat), target], options.signal, progressOf(options));
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

/** What `qemu-img info --output=json` says about the files an image uses besides itself. */
export interface QemuImageInfo {
  'backing-filename'?: string;
  'full-backing-filename'?: string;
  'format-specific'?: { data?: { 'data-file'?: string; extents?: { filename?: string }[] } };
}

/**
 * The image as qemu-img should open it: this local file (no protocol prefix such as `nbd:` taken
 * from its name), in this format (no probing), with no backing file even if its header names one.
 */
export function qemuSource(file: string, qemuFormat: string): string {
  return `json:${JSON.stringify({ driver: qemuFormat, backing: null, file: { driver: 'file', filename: path.resolve(file) } })}`;
}

/** Why converting this image would read other files too, or undefined. */
export function externalFileOf(info: QemuImageInfo, file: string): string | undefined {
  const name = (f: unknown) => JSON.stringify(String(f).slice(0, 200));
  const backing = info['full-backing-filename'] ?? info['backing-filename'];
  if (backing !== undefined) return `it has a backing file (${name(backing)})`;
  const data = info['format-specific']?.data;
  if (data?.['data-file'] !== undefined) return `it has an external data file (${name(data['data-file'])})`;
  const foreign = data?.extents?.find((e) => e.filename !== path.resolve(file));
  if (foreign) return `it has an extent in another file (${name(foreign.filename)})`;
  return undefined;
}

async function refuseExternalFiles(qemuImg: string, source: string, qemuFormat: string, options: ConvertOptions): Promise<void> {
  const signal = AbortSignal.any([AbortSignal.timeout(INFO_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])]);
  const out = await run(qemuImg, ['info', '--output=json', qemuSource(source, qemuFormat)], signal).catch((e: Error) => {
    if (signal.aborted && !options.signal?.aborted) throw new ConversionError(`${qemuImg} info did not answer within ${INFO_TIMEOUT_MS / 1000} s for ${source}`);
    throw e;
  });
  let info: QemuImageInfo;
  try {
    info = JSON.parse(out) as QemuImageInfo;
  } catch {
    throw new ConversionError(`${qemuImg} info gave no readable answer for ${source}`);
  }
  const external = externalFileOf(info, source);
  if (external) throw new ConversionError(`refusing to convert ${source}: ${external}, which qemu-img would read into the upload. Flatten the image yourself if you trust that file, or upload it with --no-convert`);
}

const INFO_TIMEOUT_MS = 30_000;
/** qemu-img info's JSON for one image is a few KiB; more is not an answer we read. */
const MAX_STDOUT = 1024 * 1024;

function progressOf(options: ConvertOptions): (chunk: Buffer) => void {
  return (chunk) => {
    const m = /\((\d+(?:\.\d+)?)\/100%\)\s*$/.exec(chunk.toString().split('\r').filter(Boolean).at(-1) ?? '');
    if (m) options.onProgress?.(Number(m[1]));
  };
}

/** Runs qemu-img; resolves with its stdout (bounded) unless `onStdout` takes it. */
function run(command: string, args: string[], signal: AbortSignal | undefined, onStdout?: (chunk: Buffer) => void): Promise<string> {
  const verb = args[0];
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ConversionError('conversion cancelled'));
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (onStdout) return onStdout(chunk);
      if (stdout.length < MAX_STDOUT) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new ConversionError(`${command} is not installed: install the qemu-utils package (apt-get install qemu-utils), or upload with --no-convert`));
      else if (e.name === 'AbortError') reject(new ConversionError('conversion cancelled'));
      else reject(new ConversionError(`${command} failed to start: ${e.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else if (signal?.aborted) reject(new ConversionError('conversion cancelled'));
      else reject(new ConversionError(`${command} ${verb} failed (exit ${code}): ${stderr.trim().slice(0, 500)}`));
    });
  });
}
