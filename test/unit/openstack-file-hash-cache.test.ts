// Hashes kept between runs (fileHashCache.ts): a file uploaded again is not hashed again and its
// hashes go into the create (no PATCH); a stale or forged entry never passes, because any change
// of the file changes its key, a file changed just before or during the read is not recorded, and
// glance's own md5 of what it stored is still compared (a mismatch deletes the image and forgets
// the entry). The glance here is a loopback fake: it records every request.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileHashCache, fileVersion } from '../../extension/openstack/images/fileHashCache';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { fakeGlance } from '../support/fakeGlance';

const md5 = (b: Buffer) => crypto.createHash('md5').update(b).digest('hex');
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const MINUTE_AGO = new Date(Date.now() - 60_000);
/** Longer than the racy window (2 s): a file last changed that long before its read may be kept. */
const SETTLED_MS = 2100;

interface OldFile { dir: string; file: string; data: Buffer; store: string; done(): void }
const pool: OldFile[] = [];

/** The files the tests use, written once and then left alone past the racy window (ctime cannot be set back). */
before(async () => {
  for (let i = 0; i < 6; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hash-cache-'));
    const file = path.join(dir, 'disk.raw');
    const data = crypto.randomBytes(200_000);
    fs.writeFileSync(file, data);
    fs.utimesSync(file, MINUTE_AGO, MINUTE_AGO);
    pool.push({ dir, file, data, store: path.join(dir, 'cache', 'file-hashes.json'), done: () => fs.rmSync(dir, { recursive: true, force: true }) });
  }
  await new Promise((r) => setTimeout(r, SETTLED_MS));
});

/** A file last changed more than 2 s ago, and a store beside it. */
function oldFile(): OldFile {
  const f = pool.shift();
  if (!f) throw new Error('the pool of settled files is used up: make it bigger');
  return f;
}

const versionOf = (file: string) => fileVersion(file, fs.statSync(file, { bigint: true }));
const readAll = async (image: ImageFile) => { for await (const _ of image.open()) { /* the read records the hashes */ } };

test('kept hashes outlive the process (a new cache on the same store has them), in a 0600 file', async () => {
  const f = oldFile();
  try {
    await readAll(await ImageFile.open(f.file, new FileHashCache(f.store)));
    // ImageFile.open records without waiting for the store: give the write its moment.
    for (let i = 0; i < 50 && !fs.existsSync(f.store); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await new FileHashCache(f.store).get(versionOf(f.file)), { md5: md5(f.data), sha256: sha256(f.data) });
    assert.equal(fs.statSync(f.store).mode & 0o777, 0o600);
    assert.doesNotMatch(fs.readFileSync(f.store, 'utf8'), new RegExp(f.data.subarray(0, 8).toString('hex')), 'only hashes and the file identity, never data');
  } finally {
    f.done();
  }
});

test('any change of the file is another version: rewritten with the same size and mtime, appended, replaced', async () => {
  const f = oldFile();
  try {
    const cache = new FileHashCache(f.store);
    const before = versionOf(f.file);
    await cache.put(f.file, before, Date.now(), { md5: md5(f.data), sha256: sha256(f.data) });
    assert.ok(await cache.get(before));
    const other = crypto.randomBytes(f.data.length);
    fs.writeFileSync(f.file, other);
    fs.utimesSync(f.file, MINUTE_AGO, MINUTE_AGO); // mtime set back as `touch -r` would: ctime still moves
    assert.equal(await cache.get(versionOf(f.file)), undefined, 'same size and mtime, other bytes');
    fs.appendFileSync(f.file, 'x');
    assert.equal(await cache.get(versionOf(f.file)), undefined);
    fs.renameSync(path.join(f.dir, 'disk.raw'), path.join(f.dir, 'old.raw'));
    fs.writeFileSync(f.file, f.data);
    fs.utimesSync(f.file, MINUTE_AGO, MINUTE_AGO);
    assert.equal(await cache.get(versionOf(f.file)), undefined, 'a new file under the same name');
  } finally {
    f.done();
  }
});

test('not recorded: a file changed (mtime or ctime) within 2 s before the read began, or changed while it was read', async () => {
  const f = oldFile();
  try {
    const cache = new FileHashCache(f.store);
    const hashes = { md5: md5(f.data), sha256: sha256(f.data) };
    fs.utimesSync(f.file, MINUTE_AGO, MINUTE_AGO); // mtime a minute back, ctime now: changed all the same
    const fresh = versionOf(f.file);
    await cache.put(f.file, fresh, Date.now(), hashes);
    assert.equal(await cache.get(fresh), undefined, 'racily clean: a write in the same timestamp tick would keep mtime and ctime');
    assert.equal(fs.existsSync(f.store), false, 'nothing was written');
    // A read that began well after the last change (the racy rule passes): only the change during the read stops it.
    const later = Date.now() + 10_000;
    const atStart = versionOf(f.file);
    fs.appendFileSync(f.file, 'written during the read');
    await cache.put(f.file, atStart, later, hashes);
    assert.equal(await cache.get(atStart), undefined, 'changed while it was read');
    const unchanged = versionOf(f.file);
    await cache.put(f.file, unchanged, later, hashes);
    assert.deepEqual(await cache.get(unchanged), hashes, 'the same call without a change in between records');
  } finally {
    f.done();
  }
});

test('a store someone else wrote: only well-formed entries count; too big, not JSON or unwritable is no error', async () => {
  const f = oldFile();
  try {
    const v = versionOf(f.file);
    fs.mkdirSync(path.dirname(f.store), { recursive: true });
    fs.writeFileSync(f.store, JSON.stringify([
      { key: v.key, md5: 'not hex', sha256: 'a'.repeat(64) },
      { key: v.key, md5: 'b'.repeat(32), sha256: 'a'.repeat(63) },
      null, 7, { key: v.key },
    ]));
    assert.equal(await new FileHashCache(f.store).get(v), undefined);
    fs.writeFileSync(f.store, '{"truncated": [');
    assert.equal(await new FileHashCache(f.store).get(v), undefined);
    fs.writeFileSync(f.store, JSON.stringify([{ key: v.key, md5: 'b'.repeat(32), sha256: 'a'.repeat(64) }]) + ' '.repeat(300 * 1024));
    assert.equal(await new FileHashCache(f.store).get(v), undefined, 'a store over its size bound is not parsed');
    const blocked = new FileHashCache(path.join(f.file, 'file-hashes.json')); // its folder is a file
    await blocked.put(f.file, v, Date.now(), { md5: md5(f.data), sha256: sha256(f.data) });
    assert.deepEqual(await blocked.get(v), { md5: md5(f.data), sha256: sha256(f.data) }, 'kept for this process all the same');
  } finally {
    f.done();
  }
});

test('uploaded again: the kept hashes go into the create, nothing is hashed or patched, glance\'s md5 is still checked', async () => {
  const f = oldFile();
  const glance = await fakeGlance();
  try {
    const first = await uploadImage(glance.session, await ImageFile.open(f.file, new FileHashCache(f.store)), { name: 'again', allowDuplicates: true, method: 'put' });
    assert.deepEqual(glance.log, ['POST owner_specified.openstack.object', 'PUT', 'GET', 'PATCH owner_specified.openstack.md5,owner_specified.openstack.sha256']);
    assert.equal(first.image['owner_specified.openstack.sha256'], sha256(f.data));
    glance.log.length = 0;
    const again = await ImageFile.open(f.file, new FileHashCache(f.store));
    assert.deepEqual(again.knownHashes(), { md5: md5(f.data), sha256: sha256(f.data) }, 'known before any read');
    const second = await uploadImage(glance.session, again, { name: 'again', allowDuplicates: true, method: 'put' });
    assert.deepEqual(glance.log, ['POST owner_specified.openstack.md5,owner_specified.openstack.object,owner_specified.openstack.sha256', 'PUT', 'GET']);
    assert.equal(second.image.checksum, md5(f.data));
  } finally {
    await glance.stop();
    f.done();
  }
});

test('a kept md5 that glance contradicts: the upload fails, its image is deleted, the entry is forgotten', async () => {
  const f = oldFile();
  const glance = await fakeGlance({ storeOtherBytes: true });
  try {
    // An entry as a stale or forged store would have it: right key, hashes of other bytes.
    const forged = { md5: 'f'.repeat(32), sha256: 'e'.repeat(64) };
    await new FileHashCache(f.store).put(f.file, versionOf(f.file), Date.now(), forged);
    const image = await ImageFile.open(f.file, new FileHashCache(f.store));
    assert.deepEqual(image.knownHashes(), forged, 'taken from the store: nothing computed');
    await assert.rejects(uploadImage(glance.session, image, { name: 'forged', allowDuplicates: true, method: 'put', attempts: 1 }),
      /checksum mismatch: glance stored md5 [0-9a-f]{32}, the file has f{32} \(as an earlier read recorded it: the next upload hashes the file again\)/);
    assert.ok(glance.log.includes('DELETE'), `the image made is deleted: ${glance.log.join(' ')}`);
    assert.equal(glance.images.size, 0);
    assert.equal(await new FileHashCache(f.store).get(versionOf(f.file)), undefined, 'forgotten in the store');
    const fresh = await ImageFile.open(f.file, new FileHashCache(f.store));
    assert.equal(fresh.knownHashes(), undefined);
    assert.deepEqual(await fresh.hashes(), { md5: md5(f.data), sha256: sha256(f.data) }, 'hashed again from the bytes');
  } finally {
    await glance.stop();
    f.done();
  }
});
