// `upload FILE --cloud A [--cloud B ...]`: one read of the file, converted per cloud where
// needed, uploaded everywhere at once; one result line per cloud; exit 0 only if all succeeded.
import path from 'node:path';
import { fanOutUpload } from '../openstack/images/fanOutUpload';
import type { UploadMethod } from '../openstack/images/uploadContext';
import { uploadImage } from '../openstack/images/uploadImage';
import type { Session } from '../openstack/session';
import { UsageError, one, parseArgs, type ParsedArgs } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import { ProgressBars } from './progressBars';
import { formatBytes } from '../text/table';
import type { CliIo } from './main';

const METHODS: UploadMethod[] = ['put', 'v1', 'glance-direct', 'tasks'];

/** `upload https://.../image.qcow2 --cloud ...`: each cloud fetches it itself (web-download import). */
async function uploadFromUrl(url: string, name: string, args: ParsedArgs, sessions: Session[], io: CliIo): Promise<number> {
  const diskFormat = one(args, 'disk-format');
  if (!diskFormat) throw new UsageError('give --disk-format for an image at a URL (it is not read here)');
  try {
    const outcomes = await onEveryTarget(sessions, (s) => uploadImage(s, undefined, { name, sourceUrl: url, diskFormat, containerFormat: one(args, 'container-format'), visibility: one(args, 'visibility') }));
    for (const o of outcomes) io.out(o.error ? `${o.target}: FAILED: ${o.error.message}\n` : `${o.target}: imported ${name} ${o.value!.image.id} (${diskFormat}, web-download, ${o.value!.seconds.toFixed(2)} s)\n`);
    return outcomes.some((o) => o.error) ? 1 : 0;
  } finally {
    await closeAll(sessions);
  }
}

/** The image name an upload gets without --name: the file's name without its image extension. */
export function imageNameOf(file: string): string {
  return path.basename(file.replace(/[?#].*$/, '')).replace(/\.(qcow2|img|raw|vhd|vhdx|vmdk|vdi|iso)$/i, '');
}

export async function runUpload(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, 'name', 'disk-format', 'container-format', 'method', 'visibility', 'tmp-dir']);
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError('give exactly one image FILE (or http(s) URL)');
  const method = one(args, 'method') as UploadMethod | undefined;
  if (method && !METHODS.includes(method)) throw new UsageError(`--method is one of ${METHODS.join(', ')}`);
  const sessions = await targetSessions(args, io);
  const name = one(args, 'name') ?? imageNameOf(file);
  if (/^https?:\/\//.test(file)) return uploadFromUrl(file, name, args, sessions, io);
  const bars = ProgressBars.forStream(process.stderr, sessions.map((s) => s.label));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const report = await fanOutUpload(sessions, {
      file, name,
      diskFormat: one(args, 'disk-format'),
      containerFormat: one(args, 'container-format'),
      method,
      visibility: one(args, 'visibility'),
      noConvert: args.flags.has('no-convert'),
      allowDuplicates: args.flags.has('allow-duplicates'),
      tmpDir: one(args, 'tmp-dir'),
      signal: abort.signal,
      onProgress: bars?.update,
    });
    bars?.finish();
    const rows = report.results.map((r) => ({
      cloud: r.target,
      ok: !r.error,
      ...(r.result ? { id: r.result.image.id, status: r.result.image.status, method: r.result.method, skipped: r.result.skipped, seconds: Number(r.result.seconds.toFixed(2)) } : {}),
      format: r.format,
      ...(r.convertedFrom ? { convertedFrom: r.convertedFrom } : {}),
      ...(r.warning ? { warning: r.warning } : {}),
      ...(r.error ? { error: r.error.message } : {}),
    }));
    if (args.flags.has('json')) io.out(JSON.stringify({ name, bytesRead: report.bytesRead, results: rows }, null, 2) + '\n');
    else {
      for (const r of rows) {
        if (r.warning) io.err(`warning: ${r.cloud}: ${r.warning}\n`);
        if (!r.ok) io.out(`${r.cloud}: FAILED: ${r.error}\n`);
        else io.out(`${r.cloud}: ${r.skipped ? 'already there' : 'uploaded'} ${name} ${r.id} (${r.format}${r.convertedFrom ? `, converted from ${r.convertedFrom}` : ''}, ${r.method}, ${r.seconds} s)\n`);
      }
      io.err(`read ${formatBytes(report.bytesRead)} from disk\n`);
    }
    return rows.every((r) => r.ok) ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await closeAll(sessions);
  }
}
