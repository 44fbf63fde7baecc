// `upload FILE --cloud A [--cloud B ...]`: one read of the file, converted per cloud where
// needed, uploaded everywhere at once; one result line per cloud; exit 0 only if all succeeded.
// `upload REF` (ubuntu:24.04) fetches the official image first (uploadRefCommand.ts).
import path from 'node:path';
import { fanOutUpload, type FanOutOptions, type FanOutReport } from '../openstack/images/fanOutUpload';
import type { EndToEnd } from '../openstack/images/sourceImageUpload';
import type { UploadMethod } from '../openstack/images/uploadContext';
import { uploadFromUrl, type UrlTargetResult } from '../openstack/images/urlUpload';
import { displayUrl } from '../openstack/images/urlSource';
import type { Session } from '../openstack/session';
import { UsageError, one, parseArgs, type ParsedArgs } from './args';
import { COMMON_OPTIONS, closeAll, targetSessions } from './session';
import { ProgressBars } from './progressBars';
import { formatBytes } from '../text/table';
import type { CliIo } from './main';
import { FETCH_OPTIONS } from './fetchCommand';
import { isImageRef, runUploadRef } from './uploadRefCommand';

const METHODS: UploadMethod[] = ['put', 'v1', 'glance-direct', 'tasks'];

/**
 * `upload https://.../image.qcow2 --cloud ...`: a cloud with web-download imports it itself; for
 * the others the URL is read once and streamed to each (no temp file).
 */
async function uploadFromUrlCommand(url: string, name: string, args: ParsedArgs, sessions: Session[], io: CliIo): Promise<number> {
  const diskFormat = one(args, 'disk-format');
  if (!diskFormat) throw new UsageError('give --disk-format for an image at a URL (it is not read here)');
  const bars = ProgressBars.forStream(process.stderr, sessions.map((s) => s.label));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const report = await uploadFromUrl(sessions, { url, name, diskFormat, containerFormat: one(args, 'container-format'), visibility: one(args, 'visibility'), signal: abort.signal, onProgress: bars?.update });
    bars?.finish();
    const code = printStreamed(report.results, name, io);
    if (report.bytesRead) io.err(`read ${formatBytes(report.bytesRead)} from ${displayUrl(url)}\n`);
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await closeAll(sessions);
  }
}

/** A line per target of an upload whose data we streamed (a URL, a copy); exit 1 if any failed or differs. */
export function printStreamed(results: UrlTargetResult[], name: string, io: CliIo): number {
  for (const r of results) {
    if (r.error) io.out(`${r.target}: FAILED: ${r.error.message}\n`);
    else {
      const verb = r.via === 'web-download' ? 'imported' : 'uploaded';
      const bad = r.checksum?.state === 'mismatch' ? 'FAILED: ' : '';
      const method = r.via === 'web-download' ? 'web-download' : `streamed, ${r.result!.method}`;
      io.out(`${r.target}: ${bad}${verb} ${name} ${r.result!.image.id} (${r.format}, ${method}, ${r.result!.seconds.toFixed(2)} s)${r.checksum ? `; checksum: ${r.checksum.state === 'not-compared' ? 'not compared' : r.checksum.state}: ${r.checksum.detail}` : ''}\n`);
    }
  }
  return results.some((r) => r.error || r.checksum?.state === 'mismatch') ? 1 : 0;
}

/** The image name an upload gets without --name: the file's name without its image extension. */
export function imageNameOf(file: string): string {
  return path.basename(file.replace(/[?#].*$/, '')).replace(/\.(qcow2|img|raw|vhd|vhdx|vmdk|vdi|iso)$/i, '');
}

export async function runUpload(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, 'name', 'disk-format', 'container-format', 'method', 'visibility', 'tmp-dir', ...FETCH_OPTIONS]);
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError('give exactly one image FILE (or http(s) URL, or an image reference such as ubuntu:24.04)');
  const method = one(args, 'method') as UploadMethod | undefined;
  if (method && !METHODS.includes(method)) throw new UsageError(`--method is one of ${METHODS.join(', ')}`);
  if (isImageRef(file)) return runUploadRef(file, args, io);
  const sessions = await targetSessions(args, io);
  const name = one(args, 'name') ?? imageNameOf(file);
  if (/^https?:\/\//.test(file)) return uploadFromUrlCommand(file, name, args, sessions, io);
  return fanOutAndReport(sessions, { file, name }, args, io);
}

type Uploader = (sessions: Session[], options: FanOutOptions) => Promise<FanOutReport & { endToEnd?: Map<string, EndToEnd> }>;

/** Uploads one file to every session with progress bars; one line (or JSON row) per cloud. */
export async function fanOutAndReport(sessions: Session[], what: { file: string; name: string }, args: ParsedArgs, io: CliIo, upload: Uploader = fanOutUpload): Promise<number> {
  const { file, name } = what;
  const bars = ProgressBars.forStream(process.stderr, sessions.map((s) => s.label));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const report = await upload(sessions, {
      file, name,
      diskFormat: one(args, 'disk-format'),
      containerFormat: one(args, 'container-format'),
      method: one(args, 'method') as UploadMethod | undefined,
      visibility: one(args, 'visibility'),
      noConvert: args.flags.has('no-convert'),
      allowDuplicates: args.flags.has('allow-duplicates'),
      tmpDir: one(args, 'tmp-dir'),
      signal: abort.signal,
      onProgress: bars?.update,
    });
    bars?.finish();
    const rows = report.results.map((r) => {
      const endToEnd = report.endToEnd?.get(r.target);
      return {
        cloud: r.target,
        ok: !r.error && endToEnd?.state !== 'mismatch',
        ...(r.result ? { id: r.result.image.id, status: r.result.image.status, method: r.result.method, skipped: r.result.skipped, seconds: Number(r.result.seconds.toFixed(2)) } : {}),
        format: r.format,
        ...(r.convertedFrom ? { convertedFrom: r.convertedFrom } : {}),
        ...(endToEnd ? { endToEnd } : {}),
        ...(r.warning ? { warning: r.warning } : {}),
        ...(r.error ? { error: r.error.message } : {}),
      };
    });
    if (args.flags.has('json')) io.out(JSON.stringify({ name, bytesRead: report.bytesRead, results: rows }, null, 2) + '\n');
    else {
      for (const r of rows) {
        if (r.warning) io.err(`warning: ${r.cloud}: ${r.warning}\n`);
        if (r.error) io.out(`${r.cloud}: FAILED: ${r.error}\n`);
        else io.out(`${r.cloud}: ${r.ok ? '' : 'FAILED: '}${r.skipped ? 'already there' : 'uploaded'} ${name} ${r.id} (${r.format}${r.convertedFrom ? `, converted from ${r.convertedFrom}` : ''}, ${r.method}, ${r.seconds} s)${r.endToEnd ? `; end to end: ${r.endToEnd.state === 'not-compared' ? 'not compared' : r.endToEnd.state}: ${r.endToEnd.detail}` : ''}\n`);
      }
      io.err(`read ${formatBytes(report.bytesRead)} from disk\n`);
    }
    return rows.every((r) => r.ok) ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await closeAll(sessions);
  }
}
