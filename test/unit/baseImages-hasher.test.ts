// Hashing beside the transfer: the worker thread's digests are node crypto's, whatever the chunk
// sizes (batches fill across chunks and chunks split across batches), and a download large enough
// for the worker is verified like any other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { streamHasher } from '../../extension/baseImages/streamHasher';
import { downloadVerified } from '../../extension/baseImages/download';
import { SourceHttp } from '../../extension/baseImages/http';
import { startImageMirror, type ImageMirror } from '../support/imageMirror';

let mirror: ImageMirror;
before(async () => { mirror = await startImageMirror(); });
after(async () => { await mirror.close(); });

test('the worker hasher gives node crypto\'s digests for any chunking', async () => {
  const data = crypto.randomBytes(9 * 1024 * 1024 + 12345);
  const want = { sha256: crypto.createHash('sha256').update(data).digest('hex'), sha512: crypto.createHash('sha512').update(data).digest('hex') };
  for (const chunk of [1000, 65536, 3 * 1024 * 1024, 5 * 1024 * 1024]) {
    const hasher = streamHasher(['sha256', 'sha512'], data.length, 0);
    for (let i = 0; i < data.length; i += chunk) await hasher.update(data.subarray(i, i + chunk));
    assert.deepEqual(await hasher.digest(), want, `chunks of ${chunk}`);
    hasher.dispose();
  }
  const small = streamHasher(['md5'], 10);
  small.update(Buffer.from('abc'));
  assert.deepEqual(await small.digest(), { md5: '900150983cd24fb0d6963f7d28e17f72' });
});

test('a download hashed on the worker is verified, and refused when a byte differs', async () => {
  const image = mirror.images.debian;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseimages-hasher-'));
  const http = new SourceHttp();
  try {
    const expected = { algorithm: 'sha512' as const, hex: crypto.createHash('sha512').update(image.bytes).digest('hex'), size: image.bytes.length };
    const out = await downloadVerified({ url: mirror.origin + image.path, dest: path.join(dir, 'a.qcow2'), expected, http, workerFrom: 0 });
    assert.equal(out.hashes.sha256, image.sha256);
    mirror.corrupt(image.path);
    await assert.rejects(downloadVerified({ url: mirror.origin + image.path, dest: path.join(dir, 'b.qcow2'), expected, http, workerFrom: 0 }), /is not the published/);
    assert.deepEqual(fs.readdirSync(dir), ['a.qcow2']);
  } finally {
    mirror.put(image.path, image.bytes);
    await http.close();
  }
});
