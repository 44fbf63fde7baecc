// Signatures of the image sources checked with gpgv against a keyring (a throw-away test key
// here): Fedora's clear-signed CHECKSUM, Ubuntu's signed streams (.sjson), AlmaLinux's detached
// CHECKSUM.asc. A bad or foreign signature stops the fetch before any image byte is requested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startImageMirror, fedoraChecksum, type ImageMirror } from '../support/imageMirror';
import { makeSigningKey, type SigningKey } from '../support/signingKey';
import { fetchImage } from '../../extension/baseImages/fetchImage';
import { SignatureError } from '../../extension/baseImages/signature';

let mirror: ImageMirror;
let key: SigningKey;
let stranger: SigningKey;
before(async () => {
  mirror = await startImageMirror();
  key = makeSigningKey();
  stranger = makeSigningKey('Someone Else <else@example.invalid>');
});
after(async () => {
  await mirror.close();
  key.dispose();
  stranger.dispose();
});

const cache = () => fs.mkdtempSync(path.join(os.tmpdir(), 'baseimages-sig-'));
const FEDORA_CHECKSUM = '/fedora/pub/fedora/linux/releases/41/Cloud/x86_64/images/Fedora-Cloud-41-1.4-x86_64-CHECKSUM';

test('Fedora: a clear-signed CHECKSUM that verifies is trusted as signed; text after the signature is not read', async () => {
  const signed = key.clearSign(fedoraChecksum(mirror.images.fedora)) + `SHA256 (Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2) = ${'9'.repeat(64)}\n`;
  mirror.put(FEDORA_CHECKSUM, signed);
  const result = await fetchImage('fedora:41/x86_64', { mirror: mirror.roots.fedora, cacheDir: cache(), keyring: key.keyring });
  assert.deepEqual(result.image.trust, { signed: true, keyring: key.keyring, document: mirror.roots.fedora + '41/Cloud/x86_64/images/Fedora-Cloud-41-1.4-x86_64-CHECKSUM' });
  assert.equal(result.image.digest.hex, mirror.images.fedora.sha256);
});

test('Fedora: a changed digest inside the signed block, or another key, is refused before the image is requested', async () => {
  const good = key.clearSign(fedoraChecksum(mirror.images.fedora));
  const before = mirror.imageRequests(mirror.images.fedora).length;
  mirror.put(FEDORA_CHECKSUM, good.replace(mirror.images.fedora.sha256, crypto.createHash('sha256').update('other').digest('hex')));
  await assert.rejects(fetchImage('fedora:41/x86_64', { mirror: mirror.roots.fedora, cacheDir: cache(), keyring: key.keyring }), (e: Error) => e instanceof SignatureError && /does not verify/.test(e.message));
  mirror.put(FEDORA_CHECKSUM, stranger.clearSign(fedoraChecksum(mirror.images.fedora)));
  await assert.rejects(fetchImage('fedora:41/x86_64', { mirror: mirror.roots.fedora, cacheDir: cache(), keyring: key.keyring }), SignatureError);
  assert.equal(mirror.imageRequests(mirror.images.fedora).length, before);
});

test('Ubuntu: with a keyring the signed streams (.sjson) are read and only their payload is parsed', async () => {
  for (const file of ['streams/v1/index', 'streams/v1/com.ubuntu.cloud:released:download']) {
    const plain = await (await fetch(`${mirror.roots.ubuntu}${file}.json`)).text();
    mirror.put(`/ubuntu/releases/${file}.sjson`, key.clearSign(plain));
  }
  const result = await fetchImage('ubuntu:24.04/amd64', { mirror: mirror.roots.ubuntu, cacheDir: cache(), keyring: key.keyring });
  assert.equal(result.image.trust.signed, true);
  assert.match(result.image.checksumUrl, /com\.ubuntu\.cloud:released:download\.sjson$/);
  assert.ok(mirror.requests.some((r) => r.path.endsWith('index.sjson')));
});

test('AlmaLinux: CHECKSUM with a detached CHECKSUM.asc; a keyring for a source that signs nothing is refused', async () => {
  const bytes = mirror.images.cirros.bytes;
  const dir = '/alma/9/cloud/x86_64/images/';
  const checksum = `${crypto.createHash('sha256').update(bytes).digest('hex')}  AlmaLinux-9-GenericCloud-9.5-20241120.x86_64.qcow2\n`;
  mirror.put(`${dir}AlmaLinux-9-GenericCloud-9.5-20241120.x86_64.qcow2`, bytes);
  mirror.put(`${dir}CHECKSUM`, checksum);
  mirror.put(`${dir}CHECKSUM.asc`, key.detachSign(checksum));
  const result = await fetchImage('almalinux:9/x86_64', { mirror: `${mirror.origin}/alma/`, cacheDir: cache(), keyring: key.keyring });
  assert.equal(result.image.trust.signed, true);
  mirror.put(`${dir}CHECKSUM.asc`, stranger.detachSign(checksum));
  await assert.rejects(fetchImage('almalinux:9/x86_64', { mirror: `${mirror.origin}/alma/`, cacheDir: cache(), keyring: key.keyring }), SignatureError);
  await assert.rejects(fetchImage('debian:12/amd64', { mirror: mirror.roots.debian, cacheDir: cache(), keyring: key.keyring }), /publishes no signature; --keyring has nothing to check/);
});
