// The RHEL family's cloud images (image-sources.md §5): CentOS Stream and AlmaLinux publish one
// CHECKSUM per images directory (BSD lines; AlmaLinux `hex  name` with a detached CHECKSUM.asc),
// Rocky one `<image>.CHECKSUM` per file. Each has a moving `latest` name beside dated builds: the
// newest dated build is taken when the directory has one, the alias only when it has none.
import { matchingNames, literal } from '../listing';
import { SourceError, digestOf, newest, under, type ImageSource, type ResolvedImage, type SourceContext } from '../source';
import { readChecksums, readDetachedSigned, type ChecksumDocument } from './checksumDocuments';

function major(release: string, source: string): string {
  const m = /^(\d+)(?:-stream)?$/.exec(release);
  if (!m) throw new SourceError(`a ${source} release is a major version (9), not '${release}'`);
  return m[1]!;
}

/** The dated build when there is one, else the `latest` alias. */
export function pickBuild(names: string[], dated: RegExp, alias: string): string | undefined {
  return newest(names.filter((n) => dated.test(n))) ?? (names.includes(alias) ? alias : undefined);
}

function image(source: string, ref: ResolvedImage['ref'], dir: string, fileName: string, doc: ChecksumDocument, checksumUrl: string, version: string): ResolvedImage {
  return {
    source, ref, version, fileName, checksumUrl,
    url: dir + fileName,
    digest: digestOf(doc.sums, fileName, checksumUrl),
    trust: doc.trust,
    diskFormat: 'qcow2',
    properties: { os_distro: source, os_version: ref.release.replace(/-stream$/, ''), architecture: ref.arch },
  };
}

export const centos: ImageSource = {
  id: 'centos',
  title: 'CentOS Stream GenericCloud',
  officialRoot: 'https://cloud.centos.org/centos/',
  exampleReleases: ['9', '10'],
  keyrings: [],
  signs: false,
  async resolve(ref, ctx: SourceContext) {
    const n = major(ref.release, 'CentOS Stream');
    const dir = under(ctx.root, `${n}-stream`, ref.arch, 'images', '/');
    const doc = await readChecksums(ctx, dir + 'CHECKSUM', 'CentOS Stream');
    const prefix = `CentOS-Stream-GenericCloud-${n}-`;
    const name = pickBuild([...doc.sums.keys()], new RegExp(`^${literal(prefix)}\\d{8}\\.\\d+\\.${literal(ref.arch)}\\.qcow2$`), `${prefix}latest.${ref.arch}.qcow2`);
    if (!name) throw new SourceError(`${dir}CHECKSUM lists no ${prefix}*.${ref.arch}.qcow2`);
    return image('centos', { ...ref, release: n }, dir, name, doc, dir + 'CHECKSUM', name.slice(prefix.length).replace(`.${ref.arch}.qcow2`, ''));
  },
};

export const almalinux: ImageSource = {
  id: 'almalinux',
  title: 'AlmaLinux GenericCloud',
  officialRoot: 'https://repo.almalinux.org/almalinux/',
  exampleReleases: ['9', '8', '10'],
  keyrings: ['/etc/pki/rpm-gpg/RPM-GPG-KEY-AlmaLinux-{release}', '/usr/share/keyrings/almalinux-{release}.gpg'],
  signs: true,
  async resolve(ref, ctx) {
    const n = major(ref.release, 'AlmaLinux');
    const dir = under(ctx.root, n, 'cloud', ref.arch, 'images', '/');
    const doc = await readDetachedSigned(ctx, dir + 'CHECKSUM', dir + 'CHECKSUM.asc', 'AlmaLinux');
    const prefix = `AlmaLinux-${n}-GenericCloud-`;
    const name = pickBuild([...doc.sums.keys()], new RegExp(`^${literal(prefix)}${n}\\.\\d+-\\d{8}(\\.\\d+)?\\.${literal(ref.arch)}\\.qcow2$`), `${prefix}latest.${ref.arch}.qcow2`);
    if (!name) throw new SourceError(`${dir}CHECKSUM lists no ${prefix}*.${ref.arch}.qcow2`);
    return image('almalinux', { ...ref, release: n }, dir, name, doc, dir + 'CHECKSUM', name.slice(prefix.length).replace(`.${ref.arch}.qcow2`, ''));
  },
};

export const rocky: ImageSource = {
  id: 'rocky',
  title: 'Rocky Linux GenericCloud Base',
  officialRoot: 'https://dl.rockylinux.org/pub/rocky/',
  exampleReleases: ['9', '8'],
  keyrings: [],
  signs: false,
  async resolve(ref, ctx) {
    const n = major(ref.release, 'Rocky Linux');
    const dir = under(ctx.root, n, 'images', ref.arch, '/');
    const names = matchingNames(await ctx.read(dir), /\.qcow2$/);
    const prefix = `Rocky-${n}-GenericCloud-Base`;
    const name = pickBuild(names, new RegExp(`^${literal(prefix)}-${n}\\.\\d+-\\d{8}\\.\\d+\\.${literal(ref.arch)}\\.qcow2$`), `${prefix}.latest.${ref.arch}.qcow2`);
    if (!name) throw new SourceError(`${dir} lists no ${prefix}*.${ref.arch}.qcow2`);
    const checksumUrl = `${dir}${name}.CHECKSUM`;
    const doc = await readChecksums(ctx, checksumUrl, 'Rocky Linux');
    return image('rocky', { ...ref, release: n }, dir, name, doc, checksumUrl, name.slice(prefix.length + 1).replace(`.${ref.arch}.qcow2`, '') || 'latest');
  },
};
