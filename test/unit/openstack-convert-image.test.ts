// qemu-img convert never reads files other than the image itself (issue 10 item 8): an image
// whose header names a backing file, a qcow2 external data file or a VMDK extent elsewhere would
// otherwise pull that file's bytes (any file the user can read) into the upload. Real images,
// made by the real qemu-img (qemu-utils, installed here when missing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertImage, ConversionError, qemuSource } from '../../extension/openstack/images/convertImage';
import { ensureAptPackages } from '../support/aptPackages';

let dir = '';
let out = '';
const SECRET = crypto.randomBytes(64 * 1024);

function qemu(tool: string, ...args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
}

/** The converted files left in `out` (a refused conversion leaves none). */
const leftovers = () => fs.readdirSync(out);

before(() => {
  ensureAptPackages(['qemu-img', '--version'], ['qemu-utils']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-convert-'));
  out = path.join(dir, 'out');
  fs.mkdirSync(out);
  // A file the user can read that must never end up in an image.
  fs.writeFileSync(path.join(dir, 'secret.bin'), SECRET);
  qemu('qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', path.join(dir, 'secret.bin'), path.join(dir, 'base.qcow2'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a qcow2 with a backing file is refused with a clear error, and nothing is converted', async () => {
  const child = path.join(dir, 'child.qcow2');
  qemu('qemu-img', 'create', '-q', '-f', 'qcow2', '-b', path.join(dir, 'base.qcow2'), '-F', 'qcow2', child);
  await assert.rejects(convertImage(child, 'qcow2', 'raw', { tmpDir: out }), (e: Error) => e instanceof ConversionError && /refusing to convert .*child\.qcow2: it has a backing file \(".*base\.qcow2"\)/.test(e.message));
  assert.deepEqual(leftovers(), []);
});

test('a qcow2 with an external data file is refused', async () => {
  const image = path.join(dir, 'datafile.qcow2');
  qemu('qemu-img', 'create', '-q', '-f', 'qcow2', '-o', `data_file=${path.join(dir, 'secret.bin')}`, image, '64K');
  await assert.rejects(convertImage(image, 'qcow2', 'raw', { tmpDir: out }), /it has an external data file \(".*secret\.bin"\)/);
  assert.deepEqual(leftovers(), []);
});

test('a VMDK descriptor whose extent is another file is refused', async () => {
  const image = path.join(dir, 'descriptor.vmdk');
  fs.writeFileSync(image, `# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\nRW 128 FLAT "${path.join(dir, 'secret.bin')}" 0\n\nddb.virtualHWVersion = "4"\n`);
  await assert.rejects(convertImage(image, 'vmdk', 'raw', { tmpDir: out }), /it has an extent in another file \(".*secret\.bin"\)/);
  assert.deepEqual(leftovers(), []);
});

test('a plain image still converts, byte for byte, also under a name with ":" and ","', async () => {
  const raw = path.join(dir, 'nbd:127.0.0.1:1,plain.raw');
  fs.writeFileSync(raw, SECRET);
  const qcow2 = await convertImage(raw, 'raw', 'qcow2', { tmpDir: out });
  const back = await convertImage(qcow2, 'qcow2', 'raw', { tmpDir: out });
  assert.deepEqual(fs.readFileSync(back), SECRET);
});

test('the source qemu-img opens has backing files disabled: even unvetted, a child converts without its backing data', () => {
  const child = path.join(dir, 'child2.qcow2');
  qemu('qemu-img', 'create', '-q', '-f', 'qcow2', '-b', path.join(dir, 'base.qcow2'), '-F', 'qcow2', child);
  const target = path.join(dir, 'child2.raw');
  qemu('qemu-img', 'convert', '-O', 'raw', qemuSource(child, 'qcow2'), target);
  assert.deepEqual(fs.readFileSync(target).subarray(0, SECRET.length), Buffer.alloc(SECRET.length));
});
