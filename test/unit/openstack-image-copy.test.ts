// What an image copy carries to the other clouds, and how the bytes read are checked against the
// source's own hashes (the copy itself runs against the real cloud: openstack-image-copy.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carriedProperties, compareSource } from '../../extension/openstack/images/imageCopy';
import type { Image } from '../../extension/openstack/services/image';

const image = (extra: Record<string, unknown>): Image => ({ id: 'i', name: 'n', status: 'active', ...extra }) as Image;
const digests = { md5: 'aa', sha256: 'bb', sha512: 'cc' };

test('the properties that say what an image is travel; Glance\'s fields, store data and other bookkeeping stay', () => {
  const carried = carriedProperties(image({
    os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64', hw_disk_bus: 'virtio', img_config_drive: 'mandatory',
    openstack_clouds_source: 'ubuntu:24.04', openstack_clouds_source_url: 'https://x/y.img',
    checksum: 'aa', os_hash_value: 'cc', locations: [], owner: 'p', stores: 'file', openstack_clouds_attempt: 'uuid',
    owner_specified_openstack_object: 'images/n', direct_url: 'file:///x', hw_weird: 42,
  }));
  assert.deepEqual(carried, {
    os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64', hw_disk_bus: 'virtio', img_config_drive: 'mandatory',
    openstack_clouds_source: 'ubuntu:24.04', openstack_clouds_source_url: 'https://x/y.img',
  });
});

test('what was read is checked against the source\'s os_hash where we have its algorithm, else its md5 checksum', () => {
  assert.equal(compareSource(image({ os_hash_algo: 'sha512', os_hash_value: 'CC' }), digests)?.state, 'match');
  assert.equal(compareSource(image({ os_hash_algo: 'sha512', os_hash_value: 'dd' }), digests)?.state, 'mismatch');
  assert.equal(compareSource(image({ os_hash_algo: 'sha3_512', os_hash_value: 'ee', checksum: 'aa' }), digests)?.state, 'match');
  assert.equal(compareSource(image({ checksum: 'ab' }), digests)?.state, 'mismatch');
  assert.equal(compareSource(image({}), digests)?.state, 'not-compared');
  assert.equal(compareSource(image({ checksum: 'aa' }), undefined), undefined, 'nothing to say before a complete read');
});
