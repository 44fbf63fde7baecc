// The index and checksum parsers of the official image sources, on small real excerpts
// (test/fixtures/baseImages/README.md says what in each file is real and where it is from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../support/paths';
import { parseChecksumFile, clearSignedBody } from '../../extension/baseImages/checksums';
import { parseRef, ReferenceError } from '../../extension/baseImages/reference';
import { catalogLines, resolveImage, sourceRoot, findSource } from '../../extension/baseImages/catalog';
import { SourceFetchError, naturalCompare, type SourceContext } from '../../extension/baseImages/source';
import { pickFromProducts, productPathFromIndex } from '../../extension/baseImages/sources/ubuntu';
import { debianRelease, newestDebianBuild } from '../../extension/baseImages/sources/debian';
import { fedoraCloudImage } from '../../extension/baseImages/sources/fedora';
import { parseListing } from '../../extension/baseImages/listing';

const read = (name: string) => fs.readFileSync(fixture('baseImages', name), 'utf8');

/** A source context that serves the given files by URL and records what was read. */
function filesAt(files: Record<string, string>, keyring?: string): SourceContext & { reads: string[] } {
  const reads: string[] = [];
  const get = async (url: string) => {
    reads.push(url);
    return files[url];
  };
  return {
    root: '', keyring, reads,
    read: async (url) => {
      const text = await get(url);
      if (text === undefined) throw new SourceFetchError(url, 404, '');
      return text;
    },
    tryRead: get,
    verifyClearSigned: async () => { throw new Error('no gpgv in this test'); },
    verifyDetached: async () => { throw new Error('no gpgv in this test'); },
  };
}

test('references: DISTRO:RELEASE[/ARCH], arch names of every publisher, bad input refused', () => {
  assert.deepEqual(parseRef('ubuntu:24.04/amd64'), { distro: 'ubuntu', release: '24.04', arch: 'x86_64' });
  assert.deepEqual(parseRef('debian:12', 'arm64'), { distro: 'debian', release: '12', arch: 'aarch64' });
  assert.equal(parseRef('fedora:41').arch, process.arch === 'arm64' ? 'aarch64' : 'x86_64');
  assert.throws(() => parseRef('ubuntu'), ReferenceError);
  assert.throws(() => parseRef('ubuntu:../../etc'), ReferenceError);
  assert.throws(() => parseRef('ubuntu:24.04/sparc'), /unknown architecture/);
  assert.throws(() => parseRef('ubuntu:24.04/amd64', 'arm64'), /names x86_64 but --arch says arm64/);
});

test('checksum lines: GNU text and binary mode, BSD with sizes; whole names only; hex lower-cased', () => {
  const ubuntu = parseChecksumFile(read('ubuntu-SHA256SUMS'));
  assert.deepEqual(ubuntu.get('ubuntu-24.04-server-cloudimg-amd64.img'), { algorithm: 'sha256', hex: '0533b0655c32e68b31d792ecd6ccfca95abdbc536c4446874fe0513bd4140ffe' });
  const debian = parseChecksumFile(read('debian-SHA512SUMS'));
  assert.equal(debian.size, 4);
  assert.equal(debian.get('debian-12-genericcloud-amd64-20241201-1948.qcow2')!.algorithm, 'sha512');
  assert.match(debian.get('debian-12-genericcloud-amd64-20241201-1948.qcow2')!.hex, /^340cdafca262.*eeeb0e0$/);
  assert.equal(debian.get('genericcloud-amd64-20241201-1948.qcow2'), undefined, 'no suffix match');
  const cirros = parseChecksumFile(read('cirros-0.6.2-MD5SUMS'));
  assert.deepEqual(cirros.get('cirros-0.6.2-x86_64-disk.img'), { algorithm: 'md5', hex: 'c8fc807773e5354afe61636071771906' });
  assert.deepEqual(parseChecksumFile('SHA256 (X.qcow2) = ' + 'AB'.repeat(32)).get('X.qcow2'), { algorithm: 'sha256', hex: 'ab'.repeat(32) });
  assert.equal(parseChecksumFile('SHA256 (X.qcow2) = abcd').size, 0, 'a digest of the wrong length is no digest');
});

test('Fedora CHECKSUM: only the clear-signed payload counts (a line after the signature is dropped), sizes from the comments', () => {
  const text = read('Fedora-Cloud-41-1.4-x86_64-CHECKSUM');
  assert.doesNotMatch(clearSignedBody(text), /9999/);
  const sums = parseChecksumFile(text);
  assert.deepEqual(sums.get('Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2'), { algorithm: 'sha256', hex: '6205ae0c524b4d1816dbd3573ce29b5c44ed26c9fbc874fbe48c41c89dd0bac2', size: 491716608 });
  assert.equal(fedoraCloudImage(sums.keys(), 'x86_64'), 'Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2', 'not the UEFI-UKI one');
  assert.equal(fedoraCloudImage(['Fedora-Cloud-Base-37-1.7.x86_64.qcow2', 'Fedora-Cloud-Base-Vagrant-libvirt-37-1.7.x86_64.vagrant.libvirt.box'], 'x86_64'), 'Fedora-Cloud-Base-37-1.7.x86_64.qcow2');
  assert.equal(fedoraCloudImage(['Fedora-Cloud-Base-Generic.x86_64-40-1.14.qcow2'], 'x86_64'), 'Fedora-Cloud-Base-Generic.x86_64-40-1.14.qcow2');
});

test('Ubuntu simplestreams: the download stream by datatype, not the first entry; newest version that has disk1.img', () => {
  assert.equal(productPathFromIndex(read('ubuntu-index.json')), 'streams/v1/com.ubuntu.cloud:released:download.json');
  const products = read('ubuntu-download.json');
  for (const release of ['24.04', 'noble', 'lts']) {
    const pick = pickFromProducts(products, release, 'x86_64');
    assert.equal(pick.version, '20240821', `${release}: 20240822 has no disk1.img`);
    assert.equal(pick.item.sha256, '0e25ca6ee9f08ec5d4f9910054b66ae7163c6152e81a3e67689d89bd6e4dfa69');
  }
  assert.match(pickFromProducts(products, '24.04', 'aarch64').item.path, /arm64\.img$/);
  assert.throws(() => pickFromProducts(products, '22.04', 'x86_64'), /no Ubuntu server image for release 22.04 on amd64/);
});

test('Ubuntu resolves under the mirror root: the image path is relative to the root, not to the index', async () => {
  const root = 'http://mirror.example/ubuntu/releases/';
  const ctx = filesAt({
    [`${root}streams/v1/index.json`]: read('ubuntu-index.json'),
    [`${root}streams/v1/com.ubuntu.cloud:released:download.json`]: read('ubuntu-download.json'),
  });
  const image = await findSource('ubuntu').resolve(parseRef('ubuntu:24.04/amd64'), { ...ctx, root });
  assert.equal(image.url, `${root}server/releases/noble/release-20240821/ubuntu-24.04-server-cloudimg-amd64.img`);
  assert.deepEqual(image.digest, { algorithm: 'sha256', hex: '0e25ca6ee9f08ec5d4f9910054b66ae7163c6152e81a3e67689d89bd6e4dfa69', size: 586022912 });
  assert.deepEqual(image.properties, { os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64' });
  assert.equal(image.trust.signed, false);
  assert.match(!image.trust.signed ? image.trust.reason : '', /no keyring for Ubuntu installed: only the checksum was checked/);
});

test('Debian: 12 is bookworm; the newest dated build is resolved first and everything is read from it', async () => {
  assert.deepEqual(debianRelease('12'), { number: '12', codename: 'bookworm' });
  assert.deepEqual(debianRelease('trixie'), { number: '13', codename: 'trixie' });
  assert.equal(debianRelease('11').codename, 'bullseye');
  assert.throws(() => debianRelease('99'), /unknown Debian release/);
  assert.equal(newestDebianBuild(read('debian-bookworm-listing.html')), '20241201-1948');
  const root = 'https://cloud.debian.org/images/cloud/';
  const ctx = filesAt({
    [`${root}bookworm/`]: read('debian-bookworm-listing.html'),
    [`${root}bookworm/20241201-1948/SHA512SUMS`]: read('debian-SHA512SUMS'),
  });
  const image = await findSource('debian').resolve(parseRef('debian:12/amd64'), { ...ctx, root });
  assert.equal(image.url, `${root}bookworm/20241201-1948/debian-12-genericcloud-amd64-20241201-1948.qcow2`);
  assert.equal(image.digest.algorithm, 'sha512');
  assert.match(image.digest.hex, /^340cdafca262/);
  assert.equal(image.version, '20241201-1948');
  assert.match(!image.trust.signed ? image.trust.reason : '', /Debian publishes no signature/);
});

test('Fedora: the CHECKSUM is found in the listing (compose label not derived); unsigned without a keyring, said plainly', async () => {
  const root = 'https://download.fedoraproject.org/pub/fedora/linux/releases/';
  const dir = `${root}41/Cloud/x86_64/images/`;
  const ctx = filesAt({ [dir]: read('fedora-41-listing.html'), [`${dir}Fedora-Cloud-41-1.4-x86_64-CHECKSUM`]: read('Fedora-Cloud-41-1.4-x86_64-CHECKSUM') });
  const image = await findSource('fedora').resolve(parseRef('fedora:41/x86_64'), { ...ctx, root });
  assert.equal(image.url, `${dir}Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2`);
  assert.equal(image.version, '41-1.4');
  assert.equal(image.digest.size, 491716608);
  assert.match(!image.trust.signed ? image.trust.reason : '', /no keyring for Fedora installed/);
});

test('CirrOS: MD5SUMS when there is no SHA256SUMS; the pinned sha256 of 0.6.2 is what is checked', async () => {
  const root = 'https://download.cirros-cloud.net/';
  const ctx = filesAt({ [`${root}0.6.2/MD5SUMS`]: read('cirros-0.6.2-MD5SUMS') });
  const image = await findSource('cirros').resolve(parseRef('cirros:0.6.2/x86_64'), { ...ctx, root });
  assert.deepEqual(ctx.reads, [`${root}0.6.2/SHA256SUMS`, `${root}0.6.2/MD5SUMS`]);
  assert.deepEqual(image.digest, { algorithm: 'sha256', hex: '07e44a73e54c94d988028515403c1ed762055e01b83a767edf3c2b387f78ce00' });
  const aarch = await findSource('cirros').resolve(parseRef('cirros:0.6.2/aarch64'), { ...ctx, root });
  assert.deepEqual(aarch.digest, { algorithm: 'md5', hex: '1a2b3c4d5e6f708192a3b4c5d6e7f809' });
  const latest = filesAt({ [`${root}version/released`]: '0.6.3\n', [`${root}0.6.3/MD5SUMS`]: `${'d'.repeat(32)}  cirros-0.6.3-x86_64-disk.img\n` });
  assert.equal((await findSource('cirros').resolve(parseRef('cirros:latest/x86_64'), { ...latest, root })).url, `${root}0.6.3/cirros-0.6.3-x86_64-disk.img`);
});

test('CentOS Stream, AlmaLinux, Rocky, openSUSE: the newest dated build beats the moving alias', async () => {
  const c = 'https://cloud.centos.org/centos/';
  const centosSums = ['20240101.0', '20241111.2', '20241111.10'].map((d, i) => `SHA256 (CentOS-Stream-GenericCloud-9-${d}.x86_64.qcow2) = ${String(i).repeat(64)}`).join('\n')
    + `\nSHA256 (CentOS-Stream-GenericCloud-9-latest.x86_64.qcow2) = ${'f'.repeat(64)}\n`;
  const centos = await findSource('centos').resolve(parseRef('centos:9-stream/x86_64'), { ...filesAt({ [`${c}9-stream/x86_64/images/CHECKSUM`]: centosSums }), root: c });
  assert.equal(centos.fileName, 'CentOS-Stream-GenericCloud-9-20241111.10.x86_64.qcow2');
  assert.equal(centos.properties.os_version, '9');
  const r = 'https://dl.rockylinux.org/pub/rocky/';
  const rockyDir = `${r}9/images/x86_64/`;
  const rockyFiles = {
    [rockyDir]: '<a href="Rocky-9-GenericCloud-Base.latest.x86_64.qcow2">x</a><a href="Rocky-9-GenericCloud-Base-9.5-20241118.0.x86_64.qcow2">y</a>',
    [`${rockyDir}Rocky-9-GenericCloud-Base-9.5-20241118.0.x86_64.qcow2.CHECKSUM`]: `# Rocky-9-GenericCloud-Base-9.5-20241118.0.x86_64.qcow2: 609812480 bytes\nSHA256 (Rocky-9-GenericCloud-Base-9.5-20241118.0.x86_64.qcow2) = ${'e'.repeat(64)}\n`,
  };
  const rocky = await findSource('rocky').resolve(parseRef('rocky:9/x86_64'), { ...filesAt(rockyFiles), root: r });
  assert.equal(rocky.digest.size, 609812480);
  const o = 'https://download.opensuse.org/distribution/leap/';
  const leapName = 'openSUSE-Leap-15.6-Minimal-VM.x86_64-Cloud.qcow2';
  const leap = await findSource('opensuse').resolve(parseRef('opensuse:15.6/x86_64'), { ...filesAt({ [`${o}15.6/appliances/`]: `<a href="${leapName}">a</a><a href="${leapName}.sha256">b</a>`, [`${o}15.6/appliances/${leapName}.sha256`]: `${'a'.repeat(64)}  ${leapName}\n` }), root: o });
  assert.equal(leap.url, `${o}15.6/appliances/${leapName}`);
  const a = 'https://repo.almalinux.org/almalinux/';
  const alma = await findSource('almalinux').resolve(parseRef('almalinux:9/x86_64'), { ...filesAt({ [`${a}9/cloud/x86_64/images/CHECKSUM`]: `${'1'.repeat(64)}  AlmaLinux-9-GenericCloud-9.5-20241120.x86_64.qcow2\n${'2'.repeat(64)}  AlmaLinux-9-GenericCloud-latest.x86_64.qcow2\n` }), root: a });
  assert.equal(alma.fileName, 'AlmaLinux-9-GenericCloud-9.5-20241120.x86_64.qcow2');
});

test('--mirror replaces the official root (http(s) only, no credentials); the catalog lists offline', async () => {
  assert.equal(sourceRoot(findSource('debian')), 'https://cloud.debian.org/images/cloud/');
  assert.equal(sourceRoot(findSource('debian'), 'http://127.0.0.1:8080/debian'), 'http://127.0.0.1:8080/debian/');
  assert.throws(() => sourceRoot(findSource('debian'), 'file:///etc'), /http\(s\)/);
  assert.throws(() => sourceRoot(findSource('debian'), 'http://u:p@127.0.0.1/'), /no credentials/);
  const lines = catalogLines();
  for (const id of ['ubuntu', 'debian', 'fedora', 'centos', 'almalinux', 'rocky', 'opensuse', 'cirros']) assert.ok(lines.some((l) => l.startsWith(id)), id);
  await assert.rejects(resolveImage('gentoo:1', {}, () => { throw new Error('not reached'); }), /no image source 'gentoo'/);
});

test('listings: links of the directory only; natural order of builds', () => {
  assert.deepEqual(parseListing(read('fedora-41-listing.html')).map((e) => e.name).slice(0, 2), ['Fedora-Cloud-41-1.4-x86_64-CHECKSUM', 'Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz']);
  assert.deepEqual(parseListing(read('debian-bookworm-listing.html')).filter((e) => e.isDirectory).map((e) => e.name), ['20241125-1942', '20241201-1948', 'daily', 'latest']);
  assert.deepEqual(['1.10', '1.9', '1.14'].sort(naturalCompare), ['1.9', '1.10', '1.14']);
});
