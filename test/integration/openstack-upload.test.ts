// Uploads against the real local OpenStack, each method on the cloud that uses it (§3.1).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { fanOutUpload } from '../../extension/openstack/images/fanOutUpload';
import { showImage, findImagesByName } from '../../extension/openstack/services/image';
import { listObjects } from '../../extension/openstack/services/objectStore';
import type { UploadProgress } from '../../extension/openstack/images/progress';
import { convertImage } from '../../extension/openstack/images/convertImage';
import { detectFormat } from '../../extension/openstack/images/diskFormat';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CLOUDS, leftovers, makeQcow2, makeRaw, cleanUp, scratchDir, session, uniqueName } from '../support/cloudSessions';

const dir = scratchDir();
const prefix = uniqueName('up');
const md5 = (file: string) => crypto.createHash('md5').update(fs.readFileSync(file)).digest('hex');

after(() => cleanUp(prefix, dir));

test('local-password: create + PUT streams the file, records md5/sha256, skips an identical second upload', async () => {
  const s = await session('local-password');
  const file = makeRaw(dir, 3 * 1024 * 1024 + 17, 'put.raw');
  const progress: UploadProgress[] = [];
  const data = await ImageFile.open(file);
  const first = await uploadImage(s, data, { name: `${prefix}-put`, onProgress: (p) => progress.push(p) });
  assert.equal(first.method, 'put');
  assert.equal(first.skipped, false);
  assert.equal(first.image.status, 'active');
  assert.equal(first.image.disk_format, 'raw');
  assert.equal(first.image.checksum, md5(file));
  assert.equal(first.image['owner_specified.openstack.md5'], md5(file));
  assert.match(String(first.image['owner_specified.openstack.sha256']), /^[0-9a-f]{64}$/);
  assert.ok(progress.some((p) => p.phase === 'uploading'));
  assert.equal(progress.at(-1)?.phase, 'done');
  const again = await uploadImage(s, await ImageFile.open(file), { name: `${prefix}-put` });
  assert.equal(again.skipped, true);
  assert.equal(again.image.id, first.image.id);
  assert.equal((await findImagesByName(s, `${prefix}-put`)).length, 1);
  await s.close();
});

test('local-appcred (RegionOne and RegionTwo): interoperable import, glance-direct stage + import', async () => {
  for (const regionName of ['RegionOne', 'RegionTwo']) {
    const s = await session('local-appcred', regionName);
    const file = makeQcow2(dir, `direct-${regionName}.qcow2`);
    const result = await uploadImage(s, await ImageFile.open(file), { name: `${prefix}-direct-${regionName}` });
    assert.equal(result.method, 'glance-direct');
    assert.equal(result.image.status, 'active');
    assert.equal(result.image.disk_format, 'qcow2');
    assert.equal(result.image.checksum, md5(file));
    assert.equal(result.image['owner_specified.openstack.md5'], md5(file));
    if (regionName === 'RegionTwo') assert.match(await s.endpoint('image'), /:19292\//, 'RegionTwo uses its own catalog endpoint');
    await s.close();
  }
});

test('local-tasks: the task flow through Swift, segmented (SLO) above the segment size, Swift copy removed after', async () => {
  const s = await session('local-tasks');
  const file = makeRaw(dir, 2 * 1024 * 1024 + 4096, 'tasks.raw');
  const result = await uploadImage(s, await ImageFile.open(file), { name: `${prefix}-tasks`, segmentSize: 1024 * 1024 });
  assert.equal(result.method, 'tasks');
  assert.equal(result.image.status, 'active');
  assert.equal(result.image.size, fs.statSync(file).size);
  assert.equal(result.image.checksum, md5(file));
  assert.equal(result.image['owner_specified.openstack.object'], `images/${prefix}-tasks`);
  assert.deepEqual(await listObjects(s, 'images', `${prefix}-tasks`), [], 'the Swift object and its segments are gone');
  await s.close();
});

test('web-download: glance fetches the image from a URL we serve on loopback', async () => {
  const file = makeQcow2(dir, 'web.qcow2');
  // Glance's web-download needs a Content-Length (as any real web server sends).
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-length': fs.statSync(file).size, 'content-type': 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/web.qcow2`;
  const s = await session('local-appcred');
  try {
    const result = await uploadImage(s, undefined, { name: `${prefix}-web`, sourceUrl: url, diskFormat: 'qcow2' });
    assert.equal(result.method, 'web-download');
    assert.equal(result.image.status, 'active');
    assert.equal(result.image.checksum, md5(file));
  } finally {
    server.closeAllConnections();
    server.close();
    await s.close();
  }
});

test('cancel in the middle of a PUT deletes the image record it created', async () => {
  const s = await session('local-password');
  // Big enough that the PUT is still going when the first progress report after its start comes
  // (reports are at most every 200 ms; the local glance took 64 MiB in less, once, and finished).
  const file = makeRaw(dir, 256 * 1024 * 1024, 'cancel.raw');
  const abort = new AbortController();
  const name = `${prefix}-cancel`;
  const pending = uploadImage(s, await ImageFile.open(file), { name, signal: abort.signal, onProgress: (p) => { if (p.phase === 'uploading' && p.bytes > 4 * 1024 * 1024) abort.abort(); } });
  await assert.rejects(pending, (e: Error & { kind?: string }) => e.kind === 'cancelled' && /^local-password\/RegionOne: upload cancelled/.test(e.message));
  assert.deepEqual(await findImagesByName(s, name), []);
  fs.rmSync(file);
  await s.close();
});

test('fan-out: one read of the file feeds all three clouds; local-tasks gets a raw conversion', async () => {
  const sessions = await Promise.all(CLOUDS.map((c) => session(c)));
  const file = makeQcow2(dir, 'fan.qcow2', '24M');
  const name = `${prefix}-fan`;
  const report = await fanOutUpload(sessions, { file, name });
  const byCloud = Object.fromEntries(report.results.map((r) => [r.target.split('/')[0], r]));
  for (const r of report.results) assert.equal(r.error, undefined, `${r.target}: ${r.error?.message}`);
  assert.equal(byCloud['local-password'].result!.method, 'put');
  assert.equal(byCloud['local-appcred'].result!.method, 'glance-direct');
  assert.equal(byCloud['local-tasks'].result!.method, 'tasks');
  assert.equal(byCloud['local-tasks'].format, 'raw');
  assert.equal(byCloud['local-tasks'].convertedFrom, 'qcow2');
  assert.equal(byCloud['local-password'].result!.image.checksum, md5(file));
  assert.equal(byCloud['local-appcred'].result!.image.checksum, md5(file));
  const qcow2Size = fs.statSync(file).size;
  const rawSize = (await showImage(sessions[2], byCloud['local-tasks'].result!.image.id))!.size!;
  assert.equal(report.bytesRead, qcow2Size + rawSize, 'each format file was read exactly once');
  for (const s of sessions) {
    assert.deepEqual(await leftovers(s, prefix), []);
    await s.close();
  }
});

test('qemu-img (installed with the test cloud) converts qcow2 to vhd (Rackspace-like) and raw (Ceph-like), file to file; the result is recognised', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-'));
  const source = path.join(dir, 'small.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', source, '8M']);
  assert.equal(await detectFormat(source), 'qcow2');
  const percents: number[] = [];
  const vhd = await convertImage(source, 'qcow2', 'vhd', { tmpDir: dir, onProgress: (p) => percents.push(p) });
  assert.equal(await detectFormat(vhd), 'vhd');
  const raw = await convertImage(source, 'qcow2', 'raw', { tmpDir: dir });
  assert.equal(await detectFormat(raw), 'raw');
  assert.equal(fs.statSync(raw).size, 8 * 1024 * 1024);
  fs.rmSync(dir, { recursive: true, force: true });
});
