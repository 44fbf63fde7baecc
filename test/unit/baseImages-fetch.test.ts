// fetch REF against the loopback image mirror (test/support/imageMirror.ts): every source's real
// layout and formats, resume after a cut connection, refusal of corrupted bytes with nothing left
// in the cache, and a second fetch that downloads nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startImageMirror, type ImageMirror } from '../support/imageMirror';
import { fetchImage, type FetchEvent } from '../../extension/baseImages/fetchImage';
import { cacheRoot } from '../../extension/baseImages/cache';
import { VerificationError, partOf } from '../../extension/baseImages/download';
import { FetchBusyError } from '../../extension/baseImages/fetchLock';
import { prestartHashWorker } from '../../extension/baseImages/streamHasher';
import { settledThreadCount, threadCount } from './support/threads';

let mirror: ImageMirror;
before(async () => { mirror = await startImageMirror(); });
after(async () => { await mirror.close(); });

function tempCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'baseimages-cache-'));
}

/**
 * Every fetch starts a hashing worker ahead of its download and must stop it when no download
 * took it: if one were left waiting, this prestart would share it instead of starting a thread.
 */
async function assertNoWorkerLeftWaiting(why: string): Promise<void> {
  const threads = await settledThreadCount();
  const release = prestartHashWorker();
  try {
    assert.equal(threadCount(), threads + 1, `a hashing worker was left waiting after ${why}`);
  } finally {
    release();
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();
}

test('the cache is $XDG_CACHE_HOME/openstack-clouds/images, else ~/.cache/openstack-clouds/images', () => {
  assert.equal(cacheRoot({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/openstack-clouds/images');
  assert.equal(cacheRoot({}), path.join(os.homedir(), '.cache', 'openstack-clouds', 'images'));
  assert.equal(cacheRoot({ XDG_CACHE_HOME: 'relative' }), path.join(os.homedir(), '.cache', 'openstack-clouds', 'images'), 'a relative XDG path is ignored, as the spec says');
});

for (const [ref, source, expectVersion, trust] of [
  ['ubuntu:24.04/amd64', 'ubuntu', '20240821', /no keyring for Ubuntu installed/],
  ['debian:12/amd64', 'debian', '20241201-1948', /Debian publishes no signature/],
  ['fedora:41/x86_64', 'fedora', '41-1.4', /Fedora publishes no signature for this file/],
  ['cirros:latest/x86_64', 'cirros', '0.6.3', /CirrOS publishes no signature/],
] as const) {
  test(`fetch ${ref} from the mirror: verified, cached under source/version, recorded`, async () => {
    const cacheDir = tempCache();
    const events: FetchEvent['kind'][] = [];
    const result = await fetchImage(ref, { mirror: mirror.roots[source], cacheDir, onEvent: (e) => events.push(e.kind) });
    const image = mirror.images[source];
    assert.equal(result.cached, false);
    assert.equal(result.image.version, expectVersion);
    assert.equal(result.path, path.join(cacheDir, source, expectVersion, path.basename(image.path)));
    assert.ok(fs.readFileSync(result.path).equals(image.bytes));
    assert.equal(result.record.hashes.sha256, image.sha256);
    assert.equal(result.record.size, image.bytes.length);
    assert.match(result.image.trust.signed ? '' : result.image.trust.reason, trust);
    assert.deepEqual([events[0], events.at(-1)], ['resolved', 'verified']);
    assert.ok(events.includes('progress'));
    assert.deepEqual(filesUnder(cacheDir), [path.join(source, expectVersion, path.basename(image.path)), path.join(source, expectVersion, `${path.basename(image.path)}.verified.json`)]);
    await assertNoWorkerLeftWaiting('a small image, hashed inline');
  });
}

test('a second fetch of the same REF is a cache hit: the mirror sees no image request (and its hashing worker is stopped)', async () => {
  const cacheDir = tempCache();
  const image = mirror.images.debian;
  const first = await fetchImage('debian:12/amd64', { mirror: mirror.roots.debian, cacheDir });
  const before = mirror.imageRequests(image).length;
  const second = await fetchImage('debian:bookworm/amd64', { mirror: mirror.roots.debian, cacheDir });
  assert.equal(second.cached, true);
  assert.equal(second.path, first.path);
  await assertNoWorkerLeftWaiting('a cache hit');
  assert.equal(mirror.imageRequests(image).length, before, 'no GET of the image the second time');
  // A cached file that lost bytes is no hit: it is downloaded again.
  fs.truncateSync(first.path, 1000);
  const third = await fetchImage('debian:12/amd64', { mirror: mirror.roots.debian, cacheDir });
  assert.equal(third.cached, false);
  assert.ok(fs.readFileSync(third.path).equals(image.bytes));
});

test('a connection cut mid-body is resumed with a Range request; the whole file is verified', async () => {
  const cacheDir = tempCache();
  const image = mirror.images.ubuntu;
  const before = mirror.imageRequests(image).length;
  mirror.cutOnce(image.path, 65536);
  const result = await fetchImage('ubuntu:noble/amd64', { mirror: mirror.roots.ubuntu, cacheDir });
  const requests = mirror.imageRequests(image).slice(before);
  assert.equal(requests.length, 2, JSON.stringify(requests));
  assert.equal(requests[0]!.range, undefined);
  const from = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range ?? '')?.[1]);
  assert.ok(from > 0 && from <= 65536, `resumed from ${requests[1]!.range}`);
  assert.ok(fs.readFileSync(result.path).equals(image.bytes));
  assert.ok(!fs.existsSync(partOf(result.path)));
});

test('a partial file left by an earlier run is resumed, and a part that is wrong fails the whole check and is deleted', async () => {
  const cacheDir = tempCache();
  const image = mirror.images.fedora;
  const dest = path.join(cacheDir, 'fedora', '41-1.4', path.basename(image.path));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(partOf(dest), image.bytes.subarray(0, 100_000));
  let before = mirror.imageRequests(image).length;
  await fetchImage('fedora:41/x86_64', { mirror: mirror.roots.fedora, cacheDir });
  assert.deepEqual(mirror.imageRequests(image).slice(before).map((r) => r.range), ['bytes=100000-']);
  assert.ok(fs.readFileSync(dest).equals(image.bytes));

  const other = tempCache();
  const bad = path.join(other, 'fedora', '41-1.4', path.basename(image.path));
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(partOf(bad), Buffer.alloc(100_000, 7));
  before = mirror.imageRequests(image).length;
  await assert.rejects(fetchImage('fedora:41/x86_64', { mirror: mirror.roots.fedora, cacheDir: other }), VerificationError);
  assert.deepEqual(mirror.imageRequests(image).slice(before).map((r) => r.range), ['bytes=100000-']);
  assert.deepEqual(filesUnder(other), [], 'neither the image nor its part is kept');
});

test('a corrupted image is refused and nothing of it stays in the cache', async () => {
  const cacheDir = tempCache();
  const image = mirror.images.cirros;
  mirror.corrupt(image.path);
  try {
    await assert.rejects(fetchImage('cirros:0.6.3/x86_64', { mirror: mirror.roots.cirros, cacheDir }), (e: Error) => e instanceof VerificationError && /md5 [0-9a-f]{32} is not the published/.test(e.message));
  } finally {
    mirror.put(image.path, image.bytes);
  }
  assert.deepEqual(filesUnder(cacheDir), []);
  await assertNoWorkerLeftWaiting('a refused image');
});

test('a source without a published size is bounded: more bytes than allowed are refused', async () => {
  const cacheDir = tempCache();
  await assert.rejects(fetchImage('cirros:0.6.3/x86_64', { mirror: mirror.roots.cirros, cacheDir, maxBytes: 4096 }), /more than the 4096 allowed/);
  assert.deepEqual(filesUnder(cacheDir), []);
});

test('a redirect to another place (a MirrorManager-style redirector) is followed for the image', async () => {
  const cacheDir = tempCache();
  const image = mirror.images.fedora;
  const elsewhere = `/other-mirror${image.path}`;
  mirror.put(elsewhere, image.bytes);
  mirror.redirect(image.path, `${mirror.origin}${elsewhere}`);
  const result = await fetchImage('fedora:41/x86_64', { mirror: mirror.roots.fedora, cacheDir });
  assert.ok(fs.readFileSync(result.path).equals(image.bytes));
  assert.equal(mirror.requests.at(-1)!.path, elsewhere);
});

test('a fetch of a file another live process is fetching is refused; a lock left by a dead process is taken over', async () => {
  const cacheDir = tempCache();
  const image = mirror.images.cirros;
  const dest = path.join(cacheDir, 'cirros', '0.6.3', path.basename(image.path));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(`${dest}.lock`, String(process.ppid));
  await assert.rejects(fetchImage('cirros:0.6.3/x86_64', { mirror: mirror.roots.cirros, cacheDir }), FetchBusyError);
  fs.writeFileSync(`${dest}.lock`, '999999999');
  const result = await fetchImage('cirros:0.6.3/x86_64', { mirror: mirror.roots.cirros, cacheDir });
  assert.ok(fs.readFileSync(result.path).equals(image.bytes));
  assert.ok(!fs.existsSync(`${dest}.lock`), 'released');
});
