// `upload REF` and `boot --image REF` against the real local clouds, with the official images
// served by the loopback mirror: Glance's common properties and our record of the source on
// every cloud, the cloud's stored hash compared with the published digest where the algorithms
// match (Debian publishes sha512, Glance hashes with sha512), and boot finding the image by what it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { CLOUDS, cliOnTestCloud, leftovers, session } from '../support/cloudSessions';
import { mirrorWorld } from '../support/mirrorWorld';
import { findImagesByName } from '../../extension/openstack/services/image';

const prefix = `baseimages-${process.pid.toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
const clouds = CLOUDS.flatMap((c) => ['--cloud', c]);
const world = mirrorWorld(prefix);

const cli = cliOnTestCloud;

interface Row { cloud: string; ok: boolean; id: string; format: string; endToEnd?: { state: string; detail: string } }

test('upload debian:12 from the mirror to every cloud: properties set, sha512 compared end to end where the bytes are the distributor\'s', async () => {
  const name = `${prefix}-debian`;
  const r = await cli(['upload', 'debian:12/amd64', '--mirror', world.mirror.roots.debian, ...clouds, '--name', name, '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /Debian publishes no signature for this file: only the checksum was checked/);
  const rows = JSON.parse(r.stdout).results as Row[];
  for (const row of rows) {
    if (row.format === 'qcow2') assert.equal(row.endToEnd?.state, 'match', `${row.cloud}: ${row.endToEnd?.detail}`);
    else assert.match(row.endToEnd?.detail ?? '', /converted from qcow2/, row.cloud);
  }
  const published = crypto.createHash('sha512').update(world.mirror.images.debian.bytes).digest('hex');
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    const [image] = await findImagesByName(s, name);
    await s.close();
    assert.ok(image, `${cloud} has ${name}`);
    assert.equal(image.os_distro, 'debian');
    assert.equal(image.os_version, '12');
    assert.equal(image.architecture, 'x86_64');
    assert.equal(image.openstack_clouds_source, 'debian:12/x86_64@20241201-1948');
    assert.equal(image.openstack_clouds_sha256, world.mirror.images.debian.sha256);
    assert.equal(image.openstack_clouds_published_digest, `sha512:${published}`);
  }
});

test('upload ubuntu:24.04 to every cloud; again: a cache hit and already there; boot --image ubuntu:24.04/amd64 picks it on each cloud', async () => {
  const name = `${prefix}-ubuntu`;
  const first = await cli(['upload', 'ubuntu:24.04/amd64', '--mirror', world.mirror.roots.ubuntu, ...clouds, '--name', name, '--json']);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  for (const row of JSON.parse(first.stdout).results as Row[]) assert.equal(row.endToEnd?.state, 'not-compared', `${row.cloud}: Ubuntu publishes sha256, Glance hashes sha512 here`);
  const imageGets = world.mirror.imageRequests(world.mirror.images.ubuntu).length;
  const again = await cli(['upload', 'ubuntu:24.04/amd64', '--mirror', world.mirror.roots.ubuntu, ...clouds, '--name', name]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(world.mirror.imageRequests(world.mirror.images.ubuntu).length, imageGets, 'fetched from the cache');
  assert.equal((again.stdout.match(/already there/g) ?? []).length, CLOUDS.length, again.stdout);

  const server = `${prefix}-srv`;
  try {
    const boot = await cli(['boot', server, ...clouds, '--image', 'ubuntu:24.04/amd64', '--flavor', 'm1.tiny', '--network', 'private', '--timeout', '150', '--json']);
    assert.equal(boot.code, 0, boot.stdout + boot.stderr);
    const booted = JSON.parse(boot.stdout) as { cloud: string; ok: boolean; image: { id: string; name: string } }[];
    for (const b of booted) {
      const s = await session(b.cloud.split('/')[0]!);
      const [ours] = await findImagesByName(s, name);
      await s.close();
      // Another run may have put a newer ubuntu 24.04 there meanwhile; then it must be at least as new.
      assert.ok(b.image.id === ours!.id || b.image.name !== name, `${b.cloud} booted from ${b.image.name}`);
    }
  } finally {
    // Not asserted here, so a failed boot shows its own message; the last test checks nothing is left.
    await cli(['delete', 'server', server, ...clouds, '--wait']);
  }
});

test('boot --image REF with no image of that kind says what it looked for', async () => {
  const r = await cli(['boot', `${prefix}-none`, '--cloud', 'local-password', '--image', 'opensuse:15.6/aarch64', '--flavor', 'm1.tiny', '--network', 'private']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /no active image with os_distro=opensuse os_version=15\.6 architecture=aarch64, and no image named 'opensuse:15\.6\/aarch64'/);
});

test('nothing half-made is left behind', async () => {
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    assert.deepEqual(await leftovers(s, prefix), []);
    await s.close();
  }
});
