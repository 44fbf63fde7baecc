// The image matrix against the real local clouds: an official image uploaded by reference from
// the loopback mirror is present on every cloud (one row, by its sha256, whatever each copy is
// named); deleted on one cloud, `image-matrix sync` puts it back there only; `prune --keep 1`
// lists the older copy and deletes it with --yes. The mirror serves a Debian image made for this
// run (its own size, so its own sha256), so other runs' copies on the shared cloud are other rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { CLOUDS, cliOnTestCloud, leftovers, session } from '../support/cloudSessions';
import { serveUniqueDebian } from '../support/imageMirror';
import { mirrorWorld } from '../support/mirrorWorld';
import { findImagesByName } from '../../extension/openstack/services/image';
import type { ImageMatrix, MatrixRow } from '../../extension/images/imageMatrix';

const prefix = `imagematrix-${process.pid.toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
const clouds = CLOUDS.flatMap((c) => ['--cloud', c]);
const REF = 'debian:12/amd64';
let sha256: string;
const world = mirrorWorld(prefix, (w) => { sha256 = serveUniqueDebian(w.mirror, w.cacheHome).sha256; });

const cli = cliOnTestCloud;

async function ourRow(): Promise<{ matrix: ImageMatrix; row?: MatrixRow }> {
  const r = await cli(['image-matrix', ...clouds, '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const matrix = JSON.parse(r.stdout) as ImageMatrix;
  return { matrix, row: matrix.rows.find((row) => row.sha256 === sha256) };
}

const activeOn = (row: MatrixRow | undefined) => Object.entries(row?.cells ?? {}).filter(([, copies]) => copies.some((c) => c.status === 'active')).map(([cloud]) => cloud.split('/')[0]).sort();

test('uploaded by reference to every cloud: one row by its sha256, present everywhere, verified end to end where the cloud stores the distributor\'s bytes', async () => {
  const up = await cli(['upload', REF, '--mirror', world.mirror.roots.debian, ...clouds, '--name', `${prefix}-a`]);
  assert.equal(up.code, 0, up.stdout + up.stderr);
  const { row } = await ourRow();
  assert.ok(row, 'a row for the image');
  assert.equal(row.label, 'debian:12/x86_64@20241201-1948');
  assert.equal(row.ref, 'debian:12/x86_64');
  assert.deepEqual(activeOn(row), [...CLOUDS].sort());
  for (const copies of Object.values(row.cells)) {
    for (const c of copies) assert.equal(c.endToEnd, c.diskFormat === 'qcow2' ? 'verified' : 'not-compared', `${c.name} ${c.diskFormat}`);
  }
  const table = await cli(['image-matrix', ...clouds]);
  const line = table.stdout.split('\n').find((l) => l.startsWith('debian:12/x86_64@20241201-1948') && l.includes(row.cells[`${CLOUDS[0]}/RegionOne`]![0]!.id.slice(0, 8)));
  assert.ok(line, table.stdout);
  assert.doesNotMatch(line, / - /, 'present in every column');
});

test('deleted on one cloud, sync uploads it there only (the others already have it)', async () => {
  const [gone, ...kept] = CLOUDS;
  const del = await cli(['delete', 'image', `${prefix}-a`, '--cloud', gone!]);
  assert.equal(del.code, 0, del.stdout + del.stderr);
  assert.deepEqual(activeOn((await ourRow()).row), [...kept].sort());

  const sync = await cli(['image-matrix', 'sync', REF, '--mirror', world.mirror.roots.debian, ...clouds, '--name', `${prefix}-a`, '--json']);
  assert.equal(sync.code, 0, sync.stdout + sync.stderr);
  const results = JSON.parse(sync.stdout).results as { cloud: string; ok: boolean; skipped?: boolean }[];
  assert.deepEqual(results.filter((r) => r.skipped).map((r) => r.cloud.split('/')[0]).sort(), [...kept].sort());
  assert.deepEqual(results.filter((r) => !r.skipped).map((r) => r.cloud.split('/')[0]), [gone]);
  assert.ok(results.every((r) => r.ok), sync.stdout);
  assert.deepEqual(activeOn((await ourRow()).row), [...CLOUDS].sort());

  const again = await cli(['image-matrix', 'sync', REF, '--mirror', world.mirror.roots.debian, ...clouds, '--name', `${prefix}-a`]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal((again.stdout.match(/already there/g) ?? []).length, CLOUDS.length, again.stdout);
});

test('prune --keep 1 lists the older copy of ours, deletes it only with --yes, keeps the newest', async () => {
  const cloud = CLOUDS[0]!;
  // Newer by Glance's clock: created_at has whole seconds, and two images of one second have no
  // order (prune then keeps the larger id). With a fast cloud the sync above was that close (CI).
  const s0 = await session(cloud);
  const [older] = await findImagesByName(s0, `${prefix}-a`);
  await s0.close();
  while (Date.now() < Date.parse(older!.created_at!) + 1500) await new Promise((r) => setTimeout(r, 250));
  const newer = await cli(['upload', REF, '--mirror', world.mirror.roots.debian, '--cloud', cloud, '--name', `${prefix}-b`, '--allow-duplicates']);
  assert.equal(newer.code, 0, newer.stdout + newer.stderr);
  const prune = ['image-matrix', 'prune', 'debian:12', '--keep', '1', '--prefix', prefix, '--cloud', cloud];

  const listed = await cli([...prune, '--json']);
  assert.equal(listed.code, 0, listed.stdout + listed.stderr);
  const [plan] = JSON.parse(listed.stdout) as { keep: { name: string }[]; remove: { name: string }[]; deleted?: string[] }[];
  assert.deepEqual([plan!.keep.map((i) => i.name), plan!.remove.map((i) => i.name), plan!.deleted], [[`${prefix}-b`], [`${prefix}-a`], undefined]);
  const s = await session(cloud);
  try {
    assert.equal((await findImagesByName(s, `${prefix}-a`)).length, 1, 'listing deletes nothing');
    const done = await cli([...prune, '--yes']);
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.match(done.stdout, /deleted 1: /);
    assert.deepEqual(await findImagesByName(s, `${prefix}-a`), []);
    assert.equal((await findImagesByName(s, `${prefix}-b`)).length, 1);
  } finally {
    await s.close();
  }
});

test('nothing half-made is left behind', async () => {
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    assert.deepEqual(await leftovers(s, prefix), []);
    await s.close();
  }
});
