// openSUSE Leap Minimal-VM Cloud (image-sources.md §5): `<version>/appliances/` holds the
// unversioned alias (`openSUSE-Leap-15.6-Minimal-VM.x86_64-Cloud.qcow2`; Leap 16 drops the
// `openSUSE-` prefix) beside versioned builds, each with a `.sha256` sidecar (`hex  name`).
import { parseChecksumFile } from '../checksums';
import { matchingNames, literal } from '../listing';
import { SourceError, digestOf, under, type ImageSource } from '../source';
import { NOT_SIGNED } from './checksumDocuments';
import { pickBuild } from './enterprise';

export function leapPrefix(release: string): string {
  return Number(release.split('.')[0]) >= 16 ? `Leap-${release}` : `openSUSE-Leap-${release}`;
}

export const opensuse: ImageSource = {
  id: 'opensuse',
  title: 'openSUSE Leap Minimal-VM (Cloud)',
  officialRoot: 'https://download.opensuse.org/distribution/leap/',
  exampleReleases: ['15.6', '16.0'],
  keyrings: [],
  signs: false,
  async resolve(ref, ctx) {
    if (!/^\d+\.\d+$/.test(ref.release)) throw new SourceError(`an openSUSE Leap release is MAJOR.MINOR (15.6), not '${ref.release}'`);
    const dir = under(ctx.root, ref.release, 'appliances', '/');
    const prefix = `${leapPrefix(ref.release)}-Minimal-VM.${ref.arch}`;
    const names = matchingNames(await ctx.read(dir), /\.qcow2$/);
    const name = pickBuild(names, new RegExp(`^${literal(prefix)}-[\\d.]+-Cloud-Build[\\d.]+\\.qcow2$`), `${prefix}-Cloud.qcow2`);
    if (!name) throw new SourceError(`${dir} lists no ${prefix}-*Cloud*.qcow2`);
    const checksumUrl = `${dir}${name}.sha256`;
    return {
      source: 'opensuse', ref, fileName: name, checksumUrl,
      version: /-([\d.]+-Cloud-Build[\d.]+)\.qcow2$/.exec(name)?.[1] ?? 'latest',
      url: dir + name,
      digest: digestOf(parseChecksumFile(await ctx.read(checksumUrl)), name, checksumUrl),
      trust: NOT_SIGNED('openSUSE'),
      diskFormat: 'qcow2',
      properties: { os_distro: 'opensuse', os_version: ref.release, architecture: ref.arch },
    };
  },
};
