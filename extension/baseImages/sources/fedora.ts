// Fedora Cloud (image-sources.md §3): the root is `pub/fedora/linux/releases/`. The compose label
// (41-1.4) cannot be derived, so the release's `Cloud/<arch>/images/` listing gives the CHECKSUM
// file, and the CHECKSUM (BSD lines, `# name: N bytes`, PGP clear-signed) gives the image.
import { matchingNames, literal } from '../listing';
import type { PublishedDigest } from '../checksums';
import { SourceError, naturalCompare, newest, under, type ImageSource, type ResolvedImage } from '../source';
import { readChecksums } from './checksumDocuments';

/** The generic cloud qcow2 among the names of a CHECKSUM file (F37 Base-37, F40 Base-Generic.x86_64-40, F41 Base-Generic-41). */
export function fedoraCloudImage(names: Iterable<string>, arch: string): string | undefined {
  const candidates = [...names].filter((n) => n.startsWith('Fedora-Cloud-Base-') && n.endsWith('.qcow2') && n.includes(arch) && !/UKI|UEFI|Vagrant|AmazonEC2|Azure|GCE/.test(n));
  const generic = candidates.filter((n) => n.startsWith('Fedora-Cloud-Base-Generic'));
  return (generic.length ? generic : candidates).sort(naturalCompare).at(-1);
}

/** The compose label of a CHECKSUM file name `Fedora-Cloud-41-1.4-x86_64-CHECKSUM` → `41-1.4`. */
export function composeOf(checksumName: string, arch: string): string {
  return checksumName.replace(/^Fedora-Cloud-/, '').replace(new RegExp(`-${literal(arch)}-CHECKSUM$`), '');
}

export const fedora: ImageSource = {
  id: 'fedora',
  title: 'Fedora Cloud Base (Generic)',
  officialRoot: 'https://download.fedoraproject.org/pub/fedora/linux/releases/',
  exampleReleases: ['41', '42', '40'],
  keyrings: ['/etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-{release}-primary', '/usr/share/keyrings/fedora-{release}.gpg'],
  signs: true,
  async resolve(ref, ctx): Promise<ResolvedImage> {
    if (!/^\d+$/.test(ref.release)) throw new SourceError(`a Fedora release is a number (41), not '${ref.release}'`);
    const dir = under(ctx.root, ref.release, 'Cloud', ref.arch, 'images', '/');
    const checksumName = newest(matchingNames(await ctx.read(dir), new RegExp(`^Fedora-Cloud-${literal(ref.release)}-[\\w.]+-${literal(ref.arch)}-CHECKSUM$`)));
    if (!checksumName) throw new SourceError(`${dir} lists no Fedora-Cloud-${ref.release}-*-${ref.arch}-CHECKSUM`);
    const checksumUrl = dir + checksumName;
    const { sums, trust } = await readChecksums(ctx, checksumUrl, 'Fedora');
    const fileName = fedoraCloudImage(sums.keys(), ref.arch);
    if (!fileName) throw new SourceError(`${checksumUrl} lists no Fedora-Cloud-Base qcow2 for ${ref.arch}`);
    const digest: PublishedDigest = sums.get(fileName)!;
    return {
      source: 'fedora',
      ref,
      version: composeOf(checksumName, ref.arch),
      url: dir + fileName,
      fileName,
      digest,
      checksumUrl,
      trust,
      diskFormat: 'qcow2',
      properties: { os_distro: 'fedora', os_version: ref.release, architecture: ref.arch },
    };
  },
};
