// Deleting an image never deletes a Swift object other than the copy our task-flow upload made of
// it (issue 10 item 8): the image's `owner_specified.openstack.object` is cloud data, so a hostile
// or stale value must not reach another container, another account or someone else's object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../../extension/openstack/session';
import { deleteImageAndData } from '../../extension/openstack/images/deleteImage';
import { objectPath } from '../../extension/openstack/services/objectStore';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { FakeCloud, json } from '../support/fakeCloud';

const SHA = 'aa11';
const OURS = { 'x-object-meta-x-sdk-autocreated': 'true', 'x-object-meta-x-sdk-sha256': SHA };

async function tasksCloud(objectHeaders: Record<string, string> | undefined, manifest?: unknown) {
  const cloud = await new FakeCloud().start();
  cloud.on('DELETE', /^\/image\/v2\/images\/[^/]+$/, (_q, res) => { res.writeHead(204); res.end(); });
  cloud.on('DELETE', /^\/swift\//, (_q, res) => { res.writeHead(204); res.end(); });
  cloud.on('HEAD', /^\/swift\//, (_q, res) => { res.writeHead(objectHeaders ? 200 : 404, objectHeaders ?? {}); res.end(); });
  cloud.on('GET', /^\/swift\//, (q, res) => (q.path.endsWith('?multipart-manifest=get') ? json(res, 200, manifest) : json(res, 404, {})));
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2`, image_api_use_tasks: true }));
  const swiftCalls = () => cloud.requests.filter((r) => r.path.startsWith('/swift/')).map((r) => `${r.method} ${r.path}`);
  return { swiftCalls, done: async () => { await session.close(); await cloud.stop(); }, session };
}

const image = (object: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'img-1', name: typeof object === 'string' ? object.replace(/^images\//, '') : 'disk', owner: 'p1',
  'owner_specified.openstack.object': object, 'owner_specified.openstack.sha256': SHA, ...extra,
});

test('a recorded object outside our container, or a name a URL parser resolves elsewhere, is kept and Swift is never asked', async () => {
  const hostile = [
    'images/../other/disk', 'images/%2e%2e/other/disk', 'images/%2E./x', 'images/disk/../../x', 'images/.', 'images/..', 'images/',
    'other/disk', '../images/disk', '/images/disk', 'images//disk', 'images/a\\..\\b', 'images/a\u0000b', 'images/a\nb', 42, ['images/disk'],
  ];
  const c = await tasksCloud(OURS);
  try {
    for (const object of hostile) {
      const done = await deleteImageAndData(c.session, image(object));
      assert.equal(done.existed, true);
      assert.equal(done.removedObject, undefined, JSON.stringify(object));
      assert.ok(done.keptObject?.reason, `${JSON.stringify(object)}: kept, with a reason`);
    }
    assert.deepEqual(c.swiftCalls(), []);
  } finally {
    await c.done();
  }
});

test('an object that is not this image\'s copy is kept: another name, another project, no upload marker, another sha256', async () => {
  const c = await tasksCloud(OURS);
  try {
    assert.match((await deleteImageAndData(c.session, image('images/disk-1', { name: 'renamed' }))).keptObject!.reason, /not named like the image/);
    assert.match((await deleteImageAndData(c.session, image('images/disk-1', { owner: 'someone-else' }))).keptObject!.reason, /another project/);
    assert.deepEqual(c.swiftCalls(), [], 'nothing asked of Swift so far');
    assert.match((await deleteImageAndData(c.session, image('images/disk-1', { 'owner_specified.openstack.sha256': 'bb22' }))).keptObject!.reason, /sha256/);
    assert.match((await deleteImageAndData(c.session, image('images/disk-1', { 'owner_specified.openstack.sha256': undefined }))).keptObject!.reason, /sha256/);
    assert.deepEqual(c.swiftCalls().filter((call) => !call.startsWith('HEAD ')), []);
  } finally {
    await c.done();
  }
  const foreign = await tasksCloud({ 'x-object-meta-x-sdk-sha256': SHA });
  try {
    assert.match((await deleteImageAndData(foreign.session, image('images/disk-1'))).keptObject!.reason, /not made by an image upload/);
    assert.deepEqual(foreign.swiftCalls(), ['HEAD /swift/v1/AUTH_p1/images/disk-1']);
  } finally {
    await foreign.done();
  }
});

test('a large object is deleted with its segments only when its manifest lists its own segments', async () => {
  const slo = { ...OURS, 'x-static-large-object': 'True' }; // as Swift spells it
  const own = await tasksCloud(slo, [{ name: '/images/disk-1/000000' }, { name: '/images/disk-1/000001' }]);
  try {
    assert.deepEqual(await deleteImageAndData(own.session, image('images/disk-1')), { imageId: 'img-1', existed: true, removedObject: 'images/disk-1' });
    assert.deepEqual(own.swiftCalls(), [
      'HEAD /swift/v1/AUTH_p1/images/disk-1', 'GET /swift/v1/AUTH_p1/images/disk-1?multipart-manifest=get', 'DELETE /swift/v1/AUTH_p1/images/disk-1?multipart-manifest=delete',
    ]);
  } finally {
    await own.done();
  }
  for (const segments of [[{ name: '/images/disk-1/000000' }, { name: '/backups/db/000000' }], [{ name: '/images/disk-1/../x/000000' }], [{ name: '/images/disk-10/000000' }], { not: 'a list' }]) {
    const c = await tasksCloud(slo, segments);
    try {
      const done = await deleteImageAndData(c.session, image('images/disk-1'));
      assert.ok(done.keptObject, JSON.stringify(segments));
      assert.deepEqual(c.swiftCalls().filter((call) => call.startsWith('DELETE')), [], JSON.stringify(segments));
    } finally {
      await c.done();
    }
  }
  const dlo = await tasksCloud({ ...OURS, 'x-object-manifest': 'backups/db' });
  try {
    assert.match((await deleteImageAndData(dlo.session, image('images/disk-1'))).keptObject!.reason, /dynamic large object/);
  } finally {
    await dlo.done();
  }
});

test('a copy already gone is no error and nothing is kept', async () => {
  const c = await tasksCloud(undefined);
  try {
    assert.deepEqual(await deleteImageAndData(c.session, image('images/disk-1')), { imageId: 'img-1', existed: true });
    assert.deepEqual(c.swiftCalls(), ['HEAD /swift/v1/AUTH_p1/images/disk-1']);
  } finally {
    await c.done();
  }
});

test('no Swift call of ours can address another container: objectPath refuses dot segments, encoded too', () => {
  for (const [container, object] of [['images', '../x'], ['images', 'a/./b'], ['images', '%2e%2E/x'], ['..', undefined], ['', 'x'], ['a/b', 'x'], ['images', 'a\\b']] as const) {
    assert.throws(() => objectPath(container, object), /refusing the Swift name/, `${container} ${object}`);
  }
  assert.equal(objectPath('images', 'my disk/000001'), 'images/my%20disk/000001');
  assert.equal(objectPath('images', '50%.qcow2'), 'images/50%25.qcow2');
});

test('a task-flow upload under a name Swift would resolve elsewhere fails clearly before any Swift request', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-upload-'));
  const c = await tasksCloud(OURS);
  try {
    fs.writeFileSync(path.join(dir, 'disk.raw'), Buffer.alloc(1024));
    const data = await ImageFile.open(path.join(dir, 'disk.raw'));
    for (const name of ['../evil', 'a/../../b', 'x/.']) {
      await assert.rejects(uploadImage(c.session, data, { name, method: 'tasks', allowDuplicates: true, attempts: 1 }), /cannot store .* in Swift for the task flow: .*relative path segment/);
    }
    assert.deepEqual(c.swiftCalls(), []);
  } finally {
    await c.done();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
