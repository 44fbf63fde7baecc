// The image matrix on Glance v2 image JSON of the local test cloud's shape (fixture): rows by our
// record of the source (sha256), else by os_distro/os_version/architecture, else by name; what
// sync uploads to; end-to-end verification per copy; and which old copies prune may delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../support/paths';
import type { Image } from '../../extension/openstack/services/image';
import type { Session } from '../../extension/openstack/session';
import { buildMatrix, cloudsLacking, presentOn, rowBySha256 } from '../../extension/images/imageMatrix';
import { endToEnd, sourceOf } from '../../extension/images/sourceRecord';
import { planSync } from '../../extension/images/syncImages';
import { planPrune } from '../../extension/images/pruneImages';

const doc = JSON.parse(fs.readFileSync(fixture('images', 'glance-images.json'), 'utf8'));
const CLOUDS = ['local-password', 'local-appcred', 'local-tasks'];
const listings = CLOUDS.map((cloud) => ({ cloud, images: doc[cloud] as Image[] }));
const NOW = Date.parse('2024-12-10T08:00:00Z');
const { build1_sha256: B1, build0_sha256: B0 } = doc._hashes;

test('rows by source sha256, whatever each cloud named its copy; columns are the clouds', () => {
  const m = buildMatrix(listings, NOW);
  assert.deepEqual(m.clouds, CLOUDS);
  const row = rowBySha256(m, B1)!;
  assert.equal(row.kind, 'source');
  assert.equal(row.label, 'debian:12/x86_64@20241201-1948');
  assert.equal(row.ref, 'debian:12/x86_64');
  assert.deepEqual(Object.keys(row.cells).sort(), [...CLOUDS].sort());
  assert.equal(row.cells['local-appcred']![0]!.name, 'bookworm');
  assert.equal(presentOn(row, 'local-password')!.ageDays, 8);
  assert.equal(presentOn(row, 'local-tasks'), undefined, 'a queued copy is not there yet');
  assert.deepEqual(cloudsLacking(m, row), ['local-tasks']);
  assert.equal(rowBySha256(m, B0)!.label, 'debian:12/x86_64@20241125-1942');
  assert.deepEqual(m.rows.map((r) => r.kind), ['source', 'source', 'os', 'name']);
  assert.deepEqual(m.rows.slice(0, 2).map((r) => r.version), ['20241201-1948', '20241125-1942'], 'the newest build first');
});

test('without our record: os_distro + os_version + architecture, then the name', () => {
  const m = buildMatrix(listings, NOW);
  const ubuntu = m.rows.find((r) => r.kind === 'os')!;
  assert.equal(ubuntu.key, 'os:ubuntu:24.04/x86_64');
  assert.equal(ubuntu.label, 'ubuntu 24.04 x86_64');
  assert.deepEqual(Object.keys(ubuntu.cells).sort(), ['local-appcred', 'local-password']);
  assert.equal(ubuntu.ref, undefined, 'a vendor image has no source to sync from');
  const named = m.rows.find((r) => r.kind === 'name')!;
  assert.equal(named.label, 'test-image');
  assert.deepEqual(cloudsLacking(m, named), ['local-appcred']);
});

test('end to end: verified when the cloud\'s sha512 is the published one; a converted copy is not compared; a qcow2 that differs is a mismatch', () => {
  const m = buildMatrix(listings, NOW);
  const row = rowBySha256(m, B1)!;
  assert.equal(row.cells['local-password']![0]!.endToEnd, 'verified');
  assert.equal(row.cells['local-appcred']![0]!.endToEnd, 'not-compared');
  const [ours] = doc['local-password'] as Image[];
  assert.equal(endToEnd({ ...ours!, os_hash_value: 'ab'.repeat(64) }, sourceOf(ours!)), 'mismatch');
  assert.equal(endToEnd({ ...ours!, os_hash_algo: 'sha256' }, sourceOf(ours!)), 'not-compared');
  assert.equal(endToEnd(ours!, undefined), 'not-compared');
});

test('a cloud that could not be listed is neither present nor lacking', () => {
  const m = buildMatrix([...listings.slice(0, 2), { cloud: 'local-tasks', error: 'HTTP 503 from image' }], NOW);
  assert.deepEqual(m.errors, { 'local-tasks': 'HTTP 503 from image' });
  assert.deepEqual(cloudsLacking(m, rowBySha256(m, B1)!), []);
  const sessions = CLOUDS.map((label) => ({ label }) as Session);
  const plan = planSync(m, sessions, B1);
  assert.deepEqual(plan.present.map((p) => p.cloud), ['local-password', 'local-appcred']);
  assert.deepEqual(plan.lacking, []);
  assert.deepEqual(plan.unknown, [{ cloud: 'local-tasks', error: 'HTTP 503 from image' }]);
  assert.deepEqual(planSync(buildMatrix(listings, NOW), sessions, 'cd'.repeat(32)).lacking.map((s) => s.label), CLOUDS, 'an image no cloud has goes everywhere');
});

test('our record is read strictly: a sha256 that is not one, or a source that is not a reference, is no source', () => {
  const [ours] = doc['local-password'] as Image[];
  assert.equal(sourceOf({ ...ours!, openstack_clouds_sha256: 'not-a-hash' }), undefined);
  assert.equal(sourceOf({ ...ours!, openstack_clouds_sha256: 42 }), undefined);
  assert.equal(sourceOf({ ...ours!, openstack_clouds_source: 'x\u001b[2J:1/2@3' })!.ref, '');
  const m = buildMatrix([{ cloud: 'c', images: [{ ...ours!, openstack_clouds_source: '<b>' }] }], NOW);
  assert.match(m.rows[0]!.label, /^sha256:[0-9a-f]{12}…$/);
  assert.equal(m.rows[0]!.ref, undefined, 'nothing to sync from');
});

test('prune keeps the newest N active copies and those a server boots from; vendor, other and unfinished images are never candidates', () => {
  const images = doc['local-password'] as Image[];
  const q = { os_distro: 'debian', os_version: '12', keep: 1 };
  const plan = planPrune(images, new Set(), q);
  assert.deepEqual(plan.keep.map((i) => i.name), ['debian-12-x86_64-20241201-1948']);
  assert.deepEqual(plan.remove.map((i) => i.name), ['debian-12-x86_64-20241125-1942']);
  const used = planPrune(images, new Set(['7b3e9d10-2a4f-4e8c-8d21-6c5a4b3f2e02']), q);
  assert.deepEqual([used.remove, used.inUse.map((i) => i.name)], [[], ['debian-12-x86_64-20241125-1942']]);
  assert.deepEqual(planPrune(images, new Set(), { ...q, keep: 2 }).remove, []);
  assert.deepEqual(planPrune(images, new Set(), { ...q, namePrefix: 'team-' }).keep, []);
  assert.deepEqual(planPrune(images, new Set(), { ...q, architecture: 'aarch64' }).keep, []);
  assert.deepEqual(planPrune(images, new Set(), { ...q, owner: 'another-project' }).keep, [], 'another project\'s images are not ours to delete');
  assert.equal(planPrune(images, new Set(), { ...q, owner: 'de1025a2297944879c6357783e7aa512' }).remove.length, 1);
  assert.deepEqual(planPrune(doc['local-tasks'] as Image[], new Set(), { ...q, keep: 0 }).remove, [], 'a queued image may be another upload in flight');
  assert.deepEqual(planPrune(images, new Set(), { os_distro: 'ubuntu', os_version: '24.04', keep: 0 }).remove, [], 'not ours: never pruned');
});

test('the CLI table: a row per image, a column per cloud, cloud text escaped', async () => {
  const { matrixTable, cellText } = await import('../../extension/cli/imageMatrixCommand');
  const hostile = { ...(doc['local-tasks'] as Image[])[1]!, name: 'evil\u001b]0;pwned\u0007' };
  const m = buildMatrix([...listings.slice(0, 2), { cloud: 'local-tasks', images: [hostile] }], NOW);
  const text = matrixTable(m);
  const [header, ...lines] = text.trimEnd().split('\n');
  assert.match(header!, /^IMAGE\s+local-password\s+local-appcred\s+local-tasks$/);
  assert.match(lines[0]!, /^debian:12\/x86_64@20241201-1948\s+active 1\.3MiB 8d ✓ 2f1c8a52\s+active 2\.0GiB 7d 5e6f7a8b\s+-$/);
  assert.ok(!text.includes('\u001b'), 'no raw escape reaches the terminal');
  assert.equal(cellText(rowBySha256(buildMatrix(listings, NOW), B1)!.cells['local-tasks']), 'queued 6d 9a8b7c6d');
  assert.match(matrixTable(buildMatrix([{ cloud: 'x', error: 'down' }, { cloud: 'y', images: doc['local-tasks'] }], NOW)), /test-image\s+\?\s+active/);
});
