// `openstack-clouds fetch` from the loopback mirror: progress and what was verified on stderr,
// the cached path as the last line of stdout; usage errors exit 2, refusals 1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startImageMirror, type ImageMirror } from '../support/imageMirror';
import { runCli } from '../../extension/cli/main';

let mirror: ImageMirror;
const savedXdg = process.env.XDG_CACHE_HOME;
before(async () => {
  mirror = await startImageMirror();
  process.env.XDG_CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'baseimages-xdg-'));
});
after(async () => {
  await mirror.close();
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
});

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

test('fetch REF --mirror: progress on stderr, the cached path (under $XDG_CACHE_HOME) last on stdout; again: a cache hit', async () => {
  const io = capture();
  assert.equal(await runCli(['fetch', 'ubuntu:24.04', '--arch', 'amd64', '--mirror', mirror.roots.ubuntu], io), 0, io.stderr);
  const lines = io.stdout.trimEnd().split('\n');
  const file = lines.at(-1)!;
  assert.equal(file, path.join(process.env.XDG_CACHE_HOME!, 'openstack-clouds', 'images', 'ubuntu', '20240821', 'ubuntu-24.04-server-cloudimg-amd64.img'));
  assert.ok(fs.readFileSync(file).equals(mirror.images.ubuntu.bytes));
  assert.match(io.stderr, /^ubuntu 20240821: http:\/\/127\.0\.0\.1:\d+\/ubuntu\/releases\/server\/releases\/noble\/release-20240821\//);
  assert.match(io.stderr, /downloading/);
  assert.match(io.stderr, /verified: sha256 [0-9a-f]{16}… from .*com\.ubuntu\.cloud:released:download\.json; no keyring for Ubuntu installed: only the checksum was checked, not its signature/);
  const again = capture();
  assert.equal(await runCli(['fetch', 'ubuntu:24.04/amd64', '--mirror', mirror.roots.ubuntu, '--json'], again), 0);
  const doc = JSON.parse(again.stdout);
  assert.equal(doc.path, file);
  assert.equal(doc.cached, true);
  assert.equal(doc.sha256, mirror.images.ubuntu.sha256);
  assert.deepEqual(doc.properties, { os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64' });
  assert.match(again.stderr, /in the cache/);
});

test('fetch: a bad reference is a usage error (2); a refused image exits 1 and prints no path', async () => {
  const bad = capture();
  assert.equal(await runCli(['fetch', 'ubuntu'], bad), 2);
  assert.match(bad.stderr, /not an image reference/);
  mirror.corrupt(mirror.images.debian.path);
  const refused = capture();
  try {
    assert.equal(await runCli(['fetch', 'debian:12/amd64', '--mirror', mirror.roots.debian], refused), 1);
  } finally {
    mirror.put(mirror.images.debian.path, mirror.images.debian.bytes);
  }
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /sha512 [0-9a-f]+ is not the published .*refused and deleted/);
});

test('fetch --list lists the sources without any request', async () => {
  const io = capture();
  const before = mirror.requests.length;
  assert.equal(await runCli(['fetch', '--list'], io), 0);
  assert.match(io.stdout, /^ubuntu .*ubuntu:24\.04/m);
  assert.match(io.stdout, /^cirros .*\[unsigned\]/m);
  assert.equal(mirror.requests.length, before);
});
