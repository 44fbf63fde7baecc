// What `upload REF` adds to an upload: the image name and Glance properties from the fetched
// source, and the end-to-end comparison of the cloud's stored hash with the published digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareStoredHash } from '../../extension/openstack/images/sourceImageUpload';
import { imageQueryOf, isImageRef, sourceImageName, sourceProperties } from '../../extension/cli/uploadRefCommand';
import { pickImage } from '../../extension/openstack/images/imageBySource';
import type { FetchResult } from '../../extension/baseImages/fetchImage';

const sha512 = 'ab'.repeat(64);
const image = { id: 'i', name: 'n', status: 'active' };

test('end to end: the cloud\'s os_hash_value is compared only when its algorithm is the published one', () => {
  assert.equal(compareStoredHash({ ...image, os_hash_algo: 'sha512', os_hash_value: sha512 }, { algorithm: 'sha512', hex: sha512 }).state, 'match');
  const bad = compareStoredHash({ ...image, os_hash_algo: 'sha512', os_hash_value: 'cd'.repeat(64) }, { algorithm: 'sha512', hex: sha512 });
  assert.equal(bad.state, 'mismatch');
  assert.match(bad.detail, /is not the distributor's abababab/);
  assert.deepEqual(compareStoredHash({ ...image, os_hash_algo: 'sha512', os_hash_value: sha512 }, { algorithm: 'sha256', hex: 'ab'.repeat(32) }), { state: 'not-compared', detail: 'the cloud hashes with sha512, the distributor publishes sha256' });
  assert.equal(compareStoredHash(image, { algorithm: 'sha512', hex: sha512 }).detail, 'the cloud reports no os_hash_value');
  assert.match(compareStoredHash({ ...image, os_hash_algo: 'sha512', os_hash_value: sha512 }, { algorithm: 'sha512', hex: sha512 }, 'qcow2').detail, /converted from qcow2/);
});

test('upload REF: name by source/release/arch/build; properties os_*, architecture and our record of the source', () => {
  const fetched = {
    path: '/c/debian/20241201-1948/debian-12-genericcloud-amd64-20241201-1948.qcow2',
    cached: false,
    image: { source: 'debian', version: '20241201-1948', url: 'https://cloud.debian.org/images/cloud/bookworm/20241201-1948/debian-12-genericcloud-amd64-20241201-1948.qcow2', ref: { distro: 'debian', release: '12', arch: 'x86_64' }, properties: { os_distro: 'debian', os_version: '12', architecture: 'x86_64' } },
    record: { ref: 'debian:12/x86_64', version: '20241201-1948', digest: { algorithm: 'sha512', hex: sha512 }, hashes: { sha512, sha256: 'ef'.repeat(32) } },
  } as unknown as FetchResult;
  assert.equal(sourceImageName(fetched), 'debian-12-x86_64-20241201-1948');
  assert.deepEqual(sourceProperties(fetched), {
    os_distro: 'debian', os_version: '12', architecture: 'x86_64',
    openstack_clouds_source: 'debian:12/x86_64@20241201-1948',
    openstack_clouds_sha256: 'ef'.repeat(32),
    openstack_clouds_published_digest: `sha512:${sha512}`,
    openstack_clouds_source_url: fetched.image.url,
  });
});

test('upload: REF versus FILE versus URL', () => {
  assert.equal(isImageRef('ubuntu:24.04'), true);
  assert.equal(isImageRef('debian:12/arm64'), true);
  assert.equal(isImageRef('./image.qcow2'), false);
  assert.equal(isImageRef('https://example.invalid/x.img'), false);
  assert.equal(isImageRef('C:\\images\\x.qcow2'), false);
});

test('boot --image REF: the Glance properties looked for; the newest active match, an image without architecture only as a fallback', () => {
  assert.deepEqual(imageQueryOf('ubuntu:24.04'), { os_distro: 'ubuntu', os_version: '24.04' });
  assert.deepEqual(imageQueryOf('debian:bookworm/arm64'), { os_distro: 'debian', os_version: '12', architecture: 'aarch64' });
  assert.equal(imageQueryOf('cirros-0.6.2'), undefined, 'a plain name stays a name');
  const img = (id: string, props: Record<string, unknown>) => ({ id, name: id, status: 'active', os_distro: 'ubuntu', os_version: '24.04', ...props });
  const images = [
    img('old', { architecture: 'x86_64', created_at: '2024-01-01T00:00:00Z' }),
    img('new', { architecture: 'x86_64', created_at: '2024-08-22T00:00:00Z' }),
    img('queued', { architecture: 'x86_64', status: 'queued', created_at: '2025-01-01T00:00:00Z' }),
    img('arm', { architecture: 'aarch64', created_at: '2025-01-01T00:00:00Z' }),
    img('vendor', { created_at: '2025-01-01T00:00:00Z' }),
    img('other', { os_version: '22.04', architecture: 'x86_64', created_at: '2025-01-01T00:00:00Z' }),
  ];
  assert.equal(pickImage(images, { os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64' })?.id, 'new');
  assert.equal(pickImage(images.filter((i) => i.id !== 'new' && i.id !== 'old'), { os_distro: 'Ubuntu', os_version: '24.04', architecture: 'x86_64' })?.id, 'vendor');
  assert.equal(pickImage(images, { os_distro: 'ubuntu', os_version: '24.04' })?.id, 'arm', 'no arch asked: the newest of any');
  assert.equal(pickImage(images, { os_distro: 'debian', os_version: '12' }), undefined);
});
