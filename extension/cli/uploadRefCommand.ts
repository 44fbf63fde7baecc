// `upload REF --cloud ...` (REF as for fetch: ubuntu:24.04, debian:12/arm64): fetch the official
// image once (verified, cached), then the usual fan-out upload with Glance's common properties
// and our record of the source; each cloud's stored hash is compared with the published digest
// where the algorithms match.
import fs from 'node:fs';
import { fetchImage, type FetchResult } from '../baseImages/fetchImage';
import { ReferenceError, parseRef, type ImageRef } from '../baseImages/reference';
import { DEBIAN_CODENAMES } from '../baseImages/sources/debian';
import type { ImageQuery } from '../openstack/images/imageBySource';
import { uploadSourceImage, type SourceImage } from '../openstack/images/sourceImageUpload';
import { UsageError, one, type ParsedArgs } from './args';
import { progressReporter, trustLine } from './fetchCommand';
import { closeAll, targetSessions } from './session';
import { fanOutAndReport } from './uploadCommand';
import type { CliIo } from './main';

/** `distro:release[/arch]` and not a file that happens to have a colon in its name. */
export function isImageRef(text: string): boolean {
  return /^[a-z][a-z-]*:[^/\\]/i.test(text) && !/^https?:/i.test(text) && !fs.existsSync(text);
}

/** Glance properties of a fetched image (values ≤ 255 characters, as Glance allows). */
export function sourceProperties(fetched: FetchResult): Record<string, string> {
  const { record, image } = fetched;
  const props: Record<string, string> = {
    ...image.properties,
    openstack_clouds_source: `${record.ref}@${record.version}`,
    openstack_clouds_sha256: record.hashes.sha256!,
    openstack_clouds_published_digest: `${record.digest.algorithm}:${record.digest.hex}`,
  };
  if (image.url.length <= 255) props.openstack_clouds_source_url = image.url;
  return props;
}

/** The default image name: source, release, arch and build, so a new build is a new image. */
export function sourceImageName(fetched: FetchResult): string {
  const { image } = fetched;
  return `${image.source}-${image.properties.os_version ?? image.ref.release}-${image.ref.arch}-${image.version}`;
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

export async function runUploadRef(ref: string, args: ParsedArgs, io: CliIo): Promise<number> {
  const sessions = await targetSessions(args, io);
  let fetched: FetchResult;
  try {
    fetched = await fetchImage(ref, {
      arch: one(args, 'arch'), mirror: one(args, 'mirror'), keyring: one(args, 'keyring'),
      onEvent: progressReporter(io, process.stderr.isTTY === true),
    });
  } catch (e) {
    await closeAll(sessions);
    if (e instanceof ReferenceError) throw new UsageError(e.message);
    io.err(`openstack-clouds upload: ${(e as Error).message}\n`);
    return 1;
  }
  io.err(`${trustLine(fetched)}\n`);
  const source: SourceImage = {
    file: fetched.path,
    name: one(args, 'name') ?? sourceImageName(fetched),
    properties: sourceProperties(fetched),
    published: fetched.record.digest,
  };
  return fanOutAndReport(sessions, source, args, io, (s, options) => uploadSourceImage(s, source, options));
}
