// "Copy to Other Clouds…" in the real extension host against the real local OpenStack: an image
// row of local-password, copied to local-appcred and local-tasks, is read once through its Glance
// and lands active on both with the same checksum and its descriptive properties; the image's own
// cloud is not offered as a target. The images made here are deleted afterwards.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { ImageFile } from '../../../extension/openstack/images/imageFile';
import { uploadImage } from '../../../extension/openstack/images/uploadImage';
import { deleteImage, findImagesByName } from '../../../extension/openstack/services/image';
import { api, childrenOf, labelOf, nodeAt, waitFor, waitForRoots } from './helpers';

const FROM = 'local-password';
const TO = ['local-appcred', 'local-tasks'];

describe('Copy to Other Clouds', function () {
  this.timeout(180_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const name = `copy-${crypto.randomBytes(3).toString('hex')}`;
  let checksum = '';

  before(async () => {
    await api();
    const s = await session(FROM);
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-copy-'));
      fs.writeFileSync(path.join(dir, 'disk.raw'), crypto.randomBytes(2 * 1024 * 1024 + 5));
      const up = await uploadImage(s, await ImageFile.open(path.join(dir, 'disk.raw')), { name, diskFormat: 'raw', properties: { os_distro: 'cirros' } });
      checksum = up.image.checksum!;
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      await s.close();
    }
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([FROM, ...TO], 15_000);
  });

  after(async () => {
    for (const cloud of [FROM, ...TO]) {
      const s = await session(cloud);
      for (const image of await findImagesByName(s, name).catch(() => [])) await deleteImage(s, image.id).catch(() => undefined);
      await s.close();
    }
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
  });

  it('copies an image row to two clouds in one read: active, the same checksum, its properties', async () => {
    let row: unknown;
    await waitFor(`${FROM} lists ${name}`, async () => {
      for (const child of await childrenOf(await nodeAt(FROM, 'Images'))) if ((await labelOf(child)) === name) row = child;
      if (!row) await vscode.commands.executeCommand('openstack.refreshCloud', await nodeAt(FROM));
      return !!row;
    }, () => '', 30_000);
    const outcome = await vscode.commands.executeCommand<{ results: { target: string; ok: boolean; imageId?: string; error?: string }[] }>(
      'openstack.copyImage', row, [row], { targets: TO });
    assert.deepEqual(outcome.results.map((r) => [r.target, r.ok, r.error]), TO.map((c) => [`${c}/RegionOne`, true, undefined]));
    for (const cloud of TO) {
      const s = await session(cloud);
      try {
        const [copy] = await findImagesByName(s, name);
        assert.equal(copy?.status, 'active', cloud);
        assert.equal(copy?.checksum, checksum, `${cloud}: the same bytes`);
        assert.equal(copy?.os_distro, 'cirros', `${cloud}: the image's properties travel with it`);
      } finally {
        await s.close();
      }
    }
  });

  it('refuses the image\'s own cloud as the only target: nothing is copied', async () => {
    let row: unknown;
    for (const child of await childrenOf(await nodeAt(FROM, 'Images'))) if ((await labelOf(child)) === name) row = child;
    assert.ok(row);
    const outcome = await vscode.commands.executeCommand<unknown>('openstack.copyImage', row, [row], { targets: [FROM] });
    assert.equal(outcome, undefined, 'cancelled, as with no target');
    const s = await session(FROM);
    try {
      assert.equal((await findImagesByName(s, name)).length, 1, `${FROM} has its one image only`);
    } finally {
      await s.close();
    }
  });
});
