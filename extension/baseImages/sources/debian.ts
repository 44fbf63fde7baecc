// Debian cloud images (image-sources.md §2): the root is cloud.debian.org's `images/cloud/`. The
// release directory lists dated builds `YYYYMMDD-BUILD/`; the greatest is resolved first (`latest`
// is a symlink that can flip between two requests), then its SHA512SUMS and image are read from
// that one directory. Debian signs nothing here: trust is HTTPS and the checksum.
import { debianArch } from '../reference';
import { parseChecksumFile } from '../checksums';
import { matchingNames } from '../listing';
import { NOT_SIGNED } from './checksumDocuments';
import { SourceError, digestOf, newest, under, type ImageSource, type ResolvedImage } from '../source';

export const DEBIAN_CODENAMES: Record<string, string> = { '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie', '14': 'forky' };
const BUILD = /^\d{8}-\d+$/;

/** Debian's number and codename for a release given as either. */
export function debianRelease(release: string): { number: string; codename: string } {
  const lower = release.toLowerCase();
  const byCodename = Object.entries(DEBIAN_CODENAMES).find(([, c]) => c === lower);
  if (byCodename) return { number: byCodename[0], codename: lower };
  const codename = DEBIAN_CODENAMES[lower];
  if (!codename) throw new SourceError(`unknown Debian release '${release}' (one of ${Object.entries(DEBIAN_CODENAMES).map(([n, c]) => `${n}/${c}`).join(', ')})`);
  return { number: lower, codename };
}

/** The image's name in a build directory; variant generic, genericcloud or nocloud (a whole name, never a substring). */
export function debianImageName(number: string, variant: string, arch: string, build: string): string {
  return `debian-${number}-${variant}-${debianArch(arch)}-${build}.qcow2`;
}

/** The newest dated build in the listing of a release directory. */
export function newestDebianBuild(listingHtml: string): string | undefined {
  return newest(matchingNames(listingHtml, BUILD));
}

export const debian: ImageSource = {
  id: 'debian',
  title: 'Debian cloud images (genericcloud)',
  officialRoot: 'https://cloud.debian.org/images/cloud/',
  exampleReleases: ['12', '13', '11', 'bookworm'],
  keyrings: [],
  signs: false,
  async resolve(ref, ctx): Promise<ResolvedImage> {
    const { number, codename } = debianRelease(ref.release);
    const build = newestDebianBuild(await ctx.read(under(ctx.root, codename, '/')));
    if (!build) throw new SourceError(`${under(ctx.root, codename, '/')} lists no dated build (YYYYMMDD-N)`);
    const checksumUrl = under(ctx.root, codename, build, 'SHA512SUMS');
    const fileName = debianImageName(number, 'genericcloud', ref.arch, build);
    const digest = digestOf(parseChecksumFile(await ctx.read(checksumUrl)), fileName, checksumUrl);
    return {
      source: 'debian',
      ref,
      version: build,
      url: under(ctx.root, codename, build, fileName),
      fileName,
      digest,
      checksumUrl,
      trust: NOT_SIGNED('Debian'),
      diskFormat: 'qcow2',
      properties: { os_distro: 'debian', os_version: number, architecture: ref.arch },
    };
  },
};
