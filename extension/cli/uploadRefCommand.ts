// `upload REF --cloud ...` (REF as for fetch: ubuntu:24.04, debian:12/arm64): fetch the official
// image once (verified, cached), then the usual fan-out upload with Glance's common properties
// and our record of the source; each cloud's stored hash is compared with the published digest
// where the algorithms match.
import fs from 'node:fs';
import { fetchImage, type FetchResult } from '../baseImages/fetchImage';
import { ReferenceError, parseRef, type ImageRef } from '../baseImages/reference';
import { DEBIAN_CODENAMES } from '../baseImages/sources/debian';
import type { ImageQuery } from '../openstack/images/imageBySource';
import { uploadSourceImage } from '../openstack/images/sourceImageUpload';
import { sourceImageOf } from '../images/syncImages';
import { UsageError, one, type ParsedArgs } from './args';
import { progressReporter, trustLine } from './fetchCommand';
import { closeAll, targetSessions } from './session';
import { fanOutAndReport } from './uploadCommand';
import type { CliIo } from './main';

export { sourceImageName, sourceProperties } from '../images/sourceRecord';

/** `distro:release[/arch]` and not a file that happens to have a colon in its name. */
export function isImageRef(text: string): boolean {
  return /^[a-z][a-z-]*:[^/\\]/i.test(text) && !/^https?:/i.test(text) && !fs.existsSync(text);
}

/** `boot --image REF`: Glance properties to look for; no architecture constraint unless the REF names one. */
export function imageQueryOf(image: string): ImageQuery | undefined {
  if (!isImageRef(image)) return undefined;
  let ref: ImageRef;
  try {
    ref = parseRef(image);
  } catch {
    return undefined;
  }
  const debian = ref.distro === 'debian' && Object.entries(DEBIAN_CODENAMES).find(([, codename]) => codename === ref.release.toLowerCase());
  return { os_distro: ref.distro, os_version: debian ? debian[0] : ref.release, ...(image.includes('/') ? { architecture: ref.arch } : {}) };
}

/** Fetches REF as `fetch` does (progress and what was verified on stderr); undefined when it failed (said on stderr). */
export async function fetchForUpload(ref: string, args: ParsedArgs, io: CliIo, command: string): Promise<FetchResult | undefined> {
  try {
    const fetched = await fetchImage(ref, {
      arch: one(args, 'arch'), mirror: one(args, 'mirror'), keyring: one(args, 'keyring'),
      onEvent: progressReporter(io, process.stderr.isTTY === true),
    });
    io.err(`${trustLine(fetched)}\n`);
    return fetched;
  } catch (e) {
    if (e instanceof ReferenceError) throw new UsageError(e.message);
    io.err(`openstack-clouds ${command}: ${(e as Error).message}\n`);
    return undefined;
  }
}

export async function runUploadRef(ref: string, args: ParsedArgs, io: CliIo): Promise<number> {
  const sessions = await targetSessions(args, io);
  let fetched: FetchResult | undefined;
  try {
    fetched = await fetchForUpload(ref, args, io, 'upload');
  } finally {
    if (!fetched) await closeAll(sessions);
  }
  if (!fetched) return 1;
  const source = sourceImageOf(fetched, one(args, 'name'));
  return fanOutAndReport(sessions, source, args, io, (s, options) => uploadSourceImage(s, source, options));
}
