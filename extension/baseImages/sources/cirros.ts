// CirrOS (image-sources.md §4): `<version>/` holds `cirros-<version>-<arch>-disk.img` and MD5SUMS
// (SHA256SUMS where published); `version/released` names the newest release. MD5 is no security
// check, so the sha256 of releases we know is pinned here: a mirror cannot supply another.
import { parseChecksumFile, type PublishedDigest } from '../checksums';
import { SourceError, digestOf, under, type ImageSource } from '../source';
import { NOT_SIGNED } from './checksumDocuments';

/** sha256 pinned by osism/openstack-image-manager for the releases listed. */
export const CIRROS_PINNED: Record<string, string> = {
  'cirros-0.6.2-x86_64-disk.img': '07e44a73e54c94d988028515403c1ed762055e01b83a767edf3c2b387f78ce00',
};

const CIRROS_ARCH: Record<string, string> = { armv7l: 'arm' };

export const cirros: ImageSource = {
  id: 'cirros',
  title: 'CirrOS (tiny test image)',
  officialRoot: 'https://download.cirros-cloud.net/',
  exampleReleases: ['0.6.2', 'latest'],
  keyrings: [],
  signs: false,
  async resolve(ref, ctx) {
    let version = ref.release;
    if (version === 'latest') {
      version = (await ctx.read(under(ctx.root, 'version', 'released'))).trim();
      if (!/^\d+\.\d+\.\d+$/.test(version)) throw new SourceError(`${under(ctx.root, 'version', 'released')} answered '${version.slice(0, 40)}', not a version`);
    }
    const fileName = `cirros-${version}-${CIRROS_ARCH[ref.arch] ?? ref.arch}-disk.img`;
    const sha256Url = under(ctx.root, version, 'SHA256SUMS');
    const sha256Sums = await ctx.tryRead(sha256Url);
    const checksumUrl = sha256Sums !== undefined ? sha256Url : under(ctx.root, version, 'MD5SUMS');
    const sums = parseChecksumFile(sha256Sums ?? await ctx.read(checksumUrl));
    const published = digestOf(sums, fileName, checksumUrl);
    const pinned = CIRROS_PINNED[fileName];
    if (pinned && published.algorithm === 'sha256' && published.hex !== pinned) throw new SourceError(`${checksumUrl} gives ${fileName} another sha256 than the one pinned for it`);
    const digest: PublishedDigest = pinned ? { algorithm: 'sha256', hex: pinned } : published;
    return {
      source: 'cirros', ref: { ...ref, release: version }, version, fileName, checksumUrl,
      url: under(ctx.root, version, fileName),
      digest,
      trust: pinned ? { signed: false, reason: `CirrOS signs nothing: the sha256 pinned in this tool for ${fileName} was checked` } : NOT_SIGNED('CirrOS'),
      diskFormat: 'qcow2',
      properties: { os_distro: 'cirros', os_version: version, architecture: ref.arch },
    };
  },
};
