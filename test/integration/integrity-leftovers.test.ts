// After a failed or retried import, nothing of it is left on the real cloud (issue 10 item 8): no
// second active image of the same name (a retry after a lost answer must not leave the first
// attempt's image behind), no image stuck half-made, and no Swift object or segment of the task
// flow. Faults are injected with the fault proxy in front of the real services.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Session } from '../../extension/openstack/session';
import { loadCloudRegions } from '../../extension/cli/cloudRegions';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { deleteImageAndData } from '../../extension/openstack/images/deleteImage';
import { TASK_CONTAINER } from '../../extension/openstack/images/uploadContext';
import { findImagesByName } from '../../extension/openstack/services/image';
import { deleteObject, listObjects } from '../../extension/openstack/services/objectStore';
import { ProxiedCloud } from '../support/proxiedCloud';
import type { FaultProxy } from '../support/faultProxy';
import { testCloud } from '../support/testCloud';
import { makeRaw, removeByPrefix, scratchDir, session as directSession, uniqueName } from '../support/cloudSessions';

const dir = scratchDir();
const prefix = uniqueName('integrity');
const proxied = new Map<string, ProxiedCloud>();
const MiB = 1024 * 1024;
let file = '';

async function proxiedSession(cloud: string): Promise<Session> {
  const { regions } = await loadCloudRegions(proxied.get(cloud)!.cloudsYaml);
  const region = regions.find((r) => r.name === cloud)!;
  region.config.api_timeout = 10;
  return new Session(region);
}

async function service(cloud: string, type: string): Promise<FaultProxy> {
  const s = await proxiedSession(cloud);
  await s.token();
  await s.close();
  return proxied.get(cloud)!.service(type);
}

/** What an upload under `name` left on `cloud`: its images (status each) and its Swift objects. */
async function remains(cloud: string, name: string): Promise<{ images: string[]; objects: string[] }> {
  const s = await directSession(cloud);
  try {
    const images = (await findImagesByName(s, name)).map((img) => img.status).sort();
    const objects = cloud === 'local-tasks' ? await listObjects(s, TASK_CONTAINER, name) : [];
    return { images, objects };
  } finally {
    await s.close();
  }
}

before(async () => {
  for (const cloud of ['local-tasks', 'local-appcred']) proxied.set(cloud, await ProxiedCloud.start(testCloud().cloudsYaml, cloud, path.join(dir, cloud)));
  file = makeRaw(dir, 3 * MiB + 17, 'integrity.raw');
});

after(async () => {
  for (const [cloud, p] of proxied) {
    const s = await directSession(cloud);
    await removeByPrefix(s, prefix);
    if (cloud === 'local-tasks') for (const object of await listObjects(s, TASK_CONTAINER, prefix)) await deleteObject(s, TASK_CONTAINER, object).catch(() => undefined);
    await s.close();
    await p.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('task flow: the image the task made is removed when the upload fails afterwards, and no Swift segment stays', async () => {
  const glance = await service('local-tasks', 'image');
  const s = await proxiedSession('local-tasks');
  const name = `${prefix}-task-fails`;
  try {
    // The task succeeds and makes an active image; recording our properties on it then fails.
    glance.respondWith({ method: 'PATCH', path: /^\/v2\/images\// }, 500, 'always');
    await assert.rejects(uploadImage(s, await ImageFile.open(file), { name, allowDuplicates: true, attempts: 2, segmentSize: MiB }), /local-tasks\/RegionOne: /);
  } finally {
    glance.clearFaults();
    await s.close();
  }
  assert.deepEqual(await remains('local-tasks', name), { images: [], objects: [] });
});

test('task flow: a lost answer to the task create, then a retry, leaves exactly one active image and no Swift segment', async () => {
  const glance = await service('local-tasks', 'image');
  const swift = await service('local-tasks', 'object-store');
  const s = await proxiedSession('local-tasks');
  const name = `${prefix}-task-lost`;
  try {
    const lost = glance.dropResponseAfter({ method: 'POST', path: /^\/v2\/tasks$/ }, 0, 'once');
    // Slow Swift deletes give the task whose answer was lost time to make its image (the worst case).
    swift.delay({ method: 'DELETE' }, 3000, 'always');
    const result = await uploadImage(s, await ImageFile.open(file), { name, allowDuplicates: true, segmentSize: MiB });
    assert.equal(result.image.status, 'active');
    assert.equal(lost.hits, 1);
  } finally {
    glance.clearFaults();
    swift.clearFaults();
    await s.close();
  }
  assert.deepEqual(await remains('local-tasks', name), { images: ['active'], objects: [] });
});

test('task flow: a failed segment upload leaves no segment behind', async () => {
  const swift = await service('local-tasks', 'object-store');
  const s = await proxiedSession('local-tasks');
  const name = `${prefix}-segment-fails`;
  try {
    swift.dropRequestAfter({ method: 'PUT', path: /\/000002$/ }, 64 * 1024, 'always');
    await assert.rejects(uploadImage(s, await ImageFile.open(file), { name, allowDuplicates: true, attempts: 2, segmentSize: MiB }), /local-tasks\/RegionOne: /);
  } finally {
    swift.clearFaults();
    await s.close();
  }
  assert.deepEqual(await remains('local-tasks', name), { images: [], objects: [] });
});

test('glance-direct: a failing import leaves no image; a lost import answer and a retry leave exactly one active image', async () => {
  const glance = await service('local-appcred', 'image');
  const s = await proxiedSession('local-appcred');
  const failing = `${prefix}-direct-fails`;
  const lost = `${prefix}-direct-lost`;
  try {
    glance.respondWith({ method: 'POST', path: /\/import$/ }, 500, 'always');
    await assert.rejects(uploadImage(s, await ImageFile.open(file), { name: failing, allowDuplicates: true, attempts: 2 }), /local-appcred\/RegionOne: /);
    glance.clearFaults();
    glance.dropResponseAfter({ method: 'POST', path: /\/import$/ }, 0, 'once');
    const result = await uploadImage(s, await ImageFile.open(file), { name: lost, allowDuplicates: true });
    assert.equal(result.image.status, 'active');
  } finally {
    glance.clearFaults();
    await s.close();
  }
  assert.deepEqual(await remains('local-appcred', failing), { images: [], objects: [] });
  assert.deepEqual(await remains('local-appcred', lost), { images: ['active'], objects: [] });
});

test('deleting a task-flow image whose Swift copy outlived the upload removes that copy and its segments, and nothing else', async () => {
  const swift = await service('local-tasks', 'object-store');
  const s = await proxiedSession('local-tasks');
  const name = `${prefix}-outlived`;
  let image: Record<string, unknown> & { id: string };
  try {
    // The upload's own removal of its Swift copy fails: the copy outlives the upload.
    swift.respondWith({ method: 'DELETE' }, 500, 'always');
    image = (await uploadImage(s, await ImageFile.open(file), { name, allowDuplicates: true, segmentSize: MiB })).image;
  } finally {
    swift.clearFaults();
    await s.close();
  }
  assert.deepEqual((await remains('local-tasks', name)).objects, [name, `${name}/000000`, `${name}/000001`, `${name}/000002`, `${name}/000003`]);
  const direct = await directSession('local-tasks');
  try {
    const done = await deleteImageAndData(direct, image);
    assert.deepEqual(done, { imageId: image.id, existed: true, removedObject: `images/${name}` });
  } finally {
    await direct.close();
  }
  assert.deepEqual(await remains('local-tasks', name), { images: [], objects: [] });
});
