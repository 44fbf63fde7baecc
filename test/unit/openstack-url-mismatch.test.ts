// A URL upload (and so an image copy), or a base image, whose target stores other bytes than were read: the copy is
// deleted and the target fails, naming the hashes; a good target beside it stays. The cloud is a
// loopback fake (test/support/fakeGlance.ts): no real glance stores other bytes on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { uploadSourceImage } from '../../extension/openstack/images/sourceImageUpload';
import { uploadFromUrl } from '../../extension/openstack/images/urlUpload';
import { fakeGlance } from '../support/fakeGlance';

async function imageServer(body: Buffer) {
  const server = http.createServer((_q, res) => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/disk.raw`, stop: () => new Promise((r) => server.close(r)) };
}

test('a target whose sha512 of the stored image is not that of the bytes read: its image is deleted, the other target keeps its copy', async () => {
  const body = crypto.randomBytes(300_000);
  const source = await imageServer(body);
  const broken = await fakeGlance({ otherSha512: true });
  const good = await fakeGlance();
  try {
    const report = await uploadFromUrl([broken.session, good.session], { url: source.url, name: 'from-url', diskFormat: 'raw' });
    const [bad, ok] = report.results;
    assert.match(String(bad?.error?.message), /checksum mismatch: the cloud's sha512 [0-9a-f]{16}… is not the sha512 of the bytes read \([0-9a-f]{16}…\); image img0 was deleted/);
    assert.equal(bad?.result, undefined);
    assert.equal(bad?.checksum?.state, 'mismatch');
    assert.deepEqual(broken.log.slice(-1), ['DELETE']);
    assert.equal(broken.images.size, 0, 'nothing of the broken copy stays');
    assert.equal(ok?.error, undefined);
    assert.equal(ok?.checksum?.state, 'match');
    assert.equal(good.images.size, 1);
    assert.equal(report.bytesRead, body.length, 'one read for both');
  } finally {
    await Promise.all([broken.stop(), good.stop(), source.stop()]);
  }
});

test('a base image whose stored sha512 is not the distributor\'s: the image is deleted and the target fails', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'source-mismatch-'));
  const file = path.join(dir, 'disk.raw');
  fs.writeFileSync(file, crypto.randomBytes(200_000));
  const glance = await fakeGlance({ otherSha512: true });
  try {
    const published = { algorithm: 'sha512', hex: crypto.createHash('sha512').update(fs.readFileSync(file)).digest('hex') };
    const report = await uploadSourceImage([glance.session], { file, name: 'debian-12', properties: { os_distro: 'debian' }, published }, { allowDuplicates: true, diskFormat: 'raw' });
    assert.equal(report.endToEnd.get(glance.session.label)?.state, 'mismatch');
    assert.match(String(report.results[0]?.error?.message), /checksum mismatch: the cloud's sha512 [0-9a-f]{16}… is not the distributor's [0-9a-f]{16}…; image img0 was deleted/);
    assert.equal(glance.images.size, 0);
  } finally {
    await glance.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
