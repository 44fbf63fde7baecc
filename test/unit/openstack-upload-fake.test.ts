// Upload paths that the local cloud cannot show: Glance v1, a missing qemu-img, and requests
// through an HTTPS_PROXY-style tunnel, on a loopback fake cloud.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../../extension/openstack/session';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { convertImage, ConversionError } from '../../extension/openstack/images/convertImage';
import { FakeCloud, json } from '../support/fakeCloud';
import { startForwardProxy } from '../support/forwardProxy';

function tempFile(bytes: number): { file: string; md5: string; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-upload-'));
  const file = path.join(dir, 'disk.raw');
  const data = crypto.randomBytes(bytes);
  fs.writeFileSync(file, data);
  return { file, md5: crypto.createHash('md5').update(data).digest('hex'), done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('Glance v1 (image_api_version 1): create with x-image-meta headers, PUT the data, then our hash properties', async () => {
  const cloud = await new FakeCloud().start();
  const { file, md5, done } = tempFile(300_000);
  const images: Record<string, Record<string, unknown>> = {};
  cloud.on('GET', /^\/image\/?$/, (_q, res) => json(res, 300, { versions: [{ id: 'v1.1', status: 'SUPPORTED', links: [{ rel: 'self', href: `${cloud.url}/image/v1/` }] }, { id: 'v2.9', status: 'CURRENT', links: [{ rel: 'self', href: `${cloud.url}/image/v2/` }] }] }));
  cloud.on('GET', /^\/image\/v1\/images\/detail$/, (_q, res) => json(res, 200, { images: [] }));
  cloud.on('POST', /^\/image\/v1\/images$/, (q, res) => {
    images.a = { id: 'a', name: q.headers['x-image-meta-name'], disk_format: q.headers['x-image-meta-disk_format'], status: 'queued' };
    json(res, 201, { image: images.a });
  });
  cloud.on('PUT', /^\/image\/v1\/images\/a$/, (q, res) => {
    if (q.body.length) Object.assign(images.a, { status: 'active', size: q.body.length, checksum: crypto.createHash('md5').update(q.body).digest('hex') });
    for (const [k, v] of Object.entries(q.headers)) if (k.startsWith('x-image-meta-property-')) images.a[k.slice('x-image-meta-property-'.length)] = v;
    json(res, 200, { image: images.a });
  });
  const session = new Session(cloud.region({ image_api_version: '1' }));
  const result = await uploadImage(session, await ImageFile.open(file), { name: 'legacy', allowDuplicates: true });
  assert.equal(result.method, 'v1');
  assert.equal(images.a.status, 'active');
  assert.equal(images.a.checksum, md5);
  assert.equal(images.a['owner_specified.openstack.md5'], md5);
  assert.equal(images.a.name, 'legacy');
  assert.equal(images.a.disk_format, 'raw');
  await session.close();
  await cloud.stop();
  done();
});

test('a PUT that keeps failing deletes the image record each attempt made, and names the cloud', async () => {
  const cloud = await new FakeCloud().start();
  const { file, done } = tempFile(100_000);
  const created: string[] = [];
  const deleted: string[] = [];
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [] }));
  cloud.on('POST', /^\/image\/v2\/images$/, (_q, res) => { const id = `img${created.length}`; created.push(id); json(res, 201, { id, name: 'x', status: 'queued' }); });
  cloud.on('PUT', /\/file$/, (_q, res) => json(res, 503, { message: 'storage backend unavailable' }));
  cloud.on('DELETE', /^\/image\/v2\/images\//, (q, res) => { deleted.push(q.path.split('/').pop()!); res.writeHead(204).end(); });
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }));
  await assert.rejects(uploadImage(session, await ImageFile.open(file), { name: 'x', attempts: 2 }), /^OpenStackError: fake\/RegionOne: image request failed .*HTTP 503: storage backend unavailable|fake\/RegionOne: image request failed/);
  assert.deepEqual(created, ['img0', 'img1']);
  assert.deepEqual(deleted, ['img0', 'img1']);
  await session.close();
  await cloud.stop();
  done();
});

test('converting without qemu-img says how to get it', async () => {
  await assert.rejects(convertImage('/nonexistent.qcow2', 'qcow2', 'raw', { qemuImg: 'qemu-img-not-installed' }), (e: Error) => e instanceof ConversionError && /install the qemu-utils package/.test(e.message));
});

// A plain-HTTP endpoint is asked of the proxy in absolute form, as Python's requests (keystoneauth)
// and curl do; HTTPS tunnels are in proxy-routing.test.ts.
test('requests go through the configured proxy (absolute form for http://), and the global dispatcher stays untouched', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [{ id: 'p' }] }));
  const proxy = await startForwardProxy();
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }), { proxy: { httpProxy: proxy.url, httpsProxy: proxy.url } });
  try {
    const body = await session.json<{ images: unknown[] }>({ service: 'image', method: 'GET', path: 'images' });
    assert.equal(body.images.length, 1);
    assert.deepEqual(proxy.lines, [`POST ${cloud.url}/v3/auth/tokens`, `GET ${cloud.url}/image/v2/images`]);
    assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')], undefined);
  } finally {
    await session.close();
    proxy.close();
    await cloud.stop();
  }
});
