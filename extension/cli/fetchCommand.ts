// `fetch REF [--arch A] [--mirror URL] [--keyring PATH|none] [--json]`: an official cloud image,
// verified, in the cache. Progress and what was verified go to stderr; the cached path is the
// last line on stdout (or the JSON document with --json), so `$(openstack-clouds fetch ...)` works.
import { catalogLines } from '../baseImages/catalog';
import { fetchImage, type FetchEvent, type FetchResult } from '../baseImages/fetchImage';
import { ReferenceError } from '../baseImages/reference';
import { formatBytes } from '../text/table';
import { UsageError, one, parseArgs } from './args';
import type { CliIo } from './main';

export const FETCH_OPTIONS = ['arch', 'mirror', 'keyring'] as const;

/** Progress lines for stderr: redrawn in place on a terminal, a line every few seconds on a pipe. */
export function progressReporter(io: CliIo, isTty: boolean): (e: FetchEvent) => void {
  let last = 0;
  return (e) => {
    if (e.kind === 'resolved') io.err(`${e.image.source} ${e.image.version}: ${e.image.url}\n`);
    else if (e.kind === 'cache-hit') io.err('in the cache (size and recorded hash match the published digest): nothing downloaded\n');
    else if (e.kind === 'verified') io.err(`${isTty ? '\r\x1b[2K' : ''}downloaded${e.resumedFrom ? ` (resumed at ${formatBytes(e.resumedFrom)})` : ''} and verified\n`);
    else {
      const now = Date.now();
      if (now - last < (isTty ? 100 : 5000)) return;
      last = now;
      const pct = e.total ? ` ${Math.floor((e.bytes / e.total) * 100)}%` : '';
      io.err(`${isTty ? '\r\x1b[2K' : ''}downloading${pct} ${formatBytes(e.bytes)}${e.total ? ` / ${formatBytes(e.total)}` : ''}${isTty ? '' : '\n'}`);
    }
  };
}

/** What was checked, in plain words. */
export function trustLine(result: FetchResult): string {
  const { digest, trust } = result.image;
  const checked = `${digest.algorithm} ${digest.hex.slice(0, 16)}… from ${result.image.checksumUrl}`;
  return trust.signed ? `verified: ${checked}, signed (gpgv, keyring ${trust.keyring})` : `verified: ${checked}; ${trust.reason}`;
}

export async function runFetch(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...FETCH_OPTIONS]);
  if (args.flags.has('list')) {
    io.out(catalogLines().join('\n') + '\n');
    return 0;
  }
  const [ref] = args.positionals;
  if (!ref || args.positionals.length > 1) throw new UsageError('give exactly one image reference DISTRO:RELEASE[/ARCH] (fetch --list shows the sources)');
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await fetchImage(ref, {
      arch: one(args, 'arch'), mirror: one(args, 'mirror'), keyring: one(args, 'keyring'),
      signal: abort.signal, onEvent: progressReporter(io, process.stderr.isTTY === true),
    });
    io.err(`${trustLine(result)}\n`);
    if (args.flags.has('json')) {
      const { image, record } = result;
      io.out(JSON.stringify({ path: result.path, cached: result.cached, source: image.source, ref: record.ref, version: image.version, url: image.url, digest: image.digest, sha256: record.hashes.sha256, size: record.size, trust: image.trust, properties: image.properties }, null, 2) + '\n');
    } else io.out(`${result.path}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ReferenceError) throw new UsageError(e.message);
    io.err(`openstack-clouds fetch: ${(e as Error).message}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
