// "Copy to Other Clouds…" on the real local OpenStack: an image of local-password, read once
// through its Glance, lands on local-appcred (PUT) and local-tasks (the Swift task flow) with its
// formats and descriptive properties; each copy's stored hash is compared with what was read, and
// what was read with the source's own hash.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanUp, cliOnTestCloud, leftovers, makeRaw, scratchDir, session, uniqueName } from '../support/cloudSessions';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { copyImage } from '../../extension/openstack/images/imageCopy';
import { showImage } from '../../extension/openstack/services/image';

const prefix = uniqueName('copy');
const dir = scratchDir();
after(() => cleanUp(prefix, dir));

test('an image of one cloud is copied to two others in one read: formats, properties and hashes end to end', async () => {
  const from = await session('local-password');
  const targets = [await session('local-appcred'), await session('local-tasks')];
  try {
    const size = 3 * 1024 * 1024 + 17;
    const uploaded = await uploadImage(from, await ImageFile.open(makeRaw(dir, size)), {
      name: `${prefix}-src`, diskFormat: 'raw', properties: { os_distro: 'debian', os_version: '12', hw_disk_bus: 'virtio', owner_note: 'stays behind' },
    });
    const report = await copyImage(from, uploaded.image.id, targets, { name: `${prefix}-copy` });
    assert.equal(report.bytesRead, size, 'the source was read once');
    assert.equal(report.sourceChecksum?.state, 'match', report.sourceChecksum?.detail);
    for (const [i, r] of report.results.entries()) {
      assert.ok(r.result, `${r.target}: ${r.error?.message}`);
      assert.equal(r.checksum?.state, 'match', `${r.target}: ${r.checksum?.detail}`);
      const copy = await showImage(targets[i], r.result.image.id);
      assert.equal(copy?.status, 'active');
      assert.equal(copy?.checksum, uploaded.image.checksum, `${r.target}: the same bytes`);
      assert.equal(copy?.disk_format, 'raw');
      assert.equal(copy?.os_distro, 'debian');
      assert.equal(copy?.os_version, '12');
      assert.equal(copy?.hw_disk_bus, 'virtio');
      assert.equal(copy?.owner_note, undefined, 'a property that says nothing of what the image is stays behind');
    }
    for (const s of [from, ...targets]) assert.deepEqual(await leftovers(s, prefix), []);

    // The CLI: the same copy by name, the image's own cloud among the targets is left out.
    const cli = await cliOnTestCloud(['copy', 'image', `${prefix}-src`, '--from', 'local-password', '--cloud', 'local-password', '--cloud', 'local-appcred', '--name', `${prefix}-cli`]);
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    assert.match(cli.stdout, new RegExp(`^local-appcred/RegionOne: uploaded ${prefix}-cli \\S+ \\(raw, streamed, [\\w-]+, [\\d.]+ s\\); checksum: match: the cloud's sha512 of the stored image is the sha512 of the bytes read$`, 'm'));
    assert.doesNotMatch(cli.stdout, /^local-password/m);
    assert.match(cli.stderr, /read 3\.0 MiB of image .* from local-password\/RegionOne; against its hash: match/);
  } finally {
    for (const s of [from, ...targets]) await s.close();
  }
});

test('copying an image that is not active refuses, naming the cloud and the status', async () => {
  const from = await session('local-password');
  const to = await session('local-appcred');
  try {
    const { createImage, deleteImage } = await import('../../extension/openstack/services/image');
    const queued = (await createImage(from, { name: `${prefix}-queued`, disk_format: 'raw', container_format: 'bare' })).image;
    try {
      await assert.rejects(copyImage(from, queued.id, [to]), /local-password.*queued: only an active image can be copied/s);
    } finally {
      await deleteImage(from, queued.id);
    }
  } finally {
    await from.close();
    await to.close();
  }
});
