// "Get Base Image" and the Image Matrix in the extension host against the real local clouds, the
// official image served by the loopback mirror named in the openstackClouds.baseImages.mirrors
// setting: the image goes to every chosen cloud; the matrix shows it in one row on all of them;
// deleted on one cloud, the row's Sync puts it back there. Images are named with this run's prefix.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { removeByPrefix, session } from '../../support/cloudSessions';
import { serveUniqueDebian, startImageMirror, type ImageMirror } from '../../support/imageMirror';
import { deleteImage, findImagesByName } from '../../../extension/openstack/services/image';
import type { MatrixState, RowView } from '../../../webview/imageMatrix/protocol';
import { api, waitForRoots } from './helpers';

describe('Get Base Image and the Image Matrix', function () {
  this.timeout(180_000);
  const prefix = `vsmatrix-${crypto.randomBytes(3).toString('hex')}`;
  const targets = [...TEST_CLOUDS];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-matrix-'));
  const savedXdg = process.env.XDG_CACHE_HOME;
  let mirror: ImageMirror;
  let sha256 = '';

  before(async () => {
    await api();
    mirror = await startImageMirror();
    // This run's own Debian build (its own sha256): other runs' copies are other rows.
    sha256 = serveUniqueDebian(mirror, dir).sha256;
    process.env.XDG_CACHE_HOME = dir;
    await vscode.workspace.getConfiguration('openstackClouds.baseImages').update('mirrors', { debian: mirror.roots.debian }, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('openstack').update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(targets, 15_000);
  });

  after(async () => {
    for (const cloud of targets) {
      const s = await session(cloud);
      await removeByPrefix(s, prefix);
      await s.close();
    }
    await mirror.close();
    if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedXdg;
    await vscode.workspace.getConfiguration('openstackClouds.baseImages').update('mirrors', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('openstack').update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ourRow = (state: MatrixState): RowView | undefined => state.rows.find((r) => r.key === `sha256:${sha256}`);
  const present = (row: RowView | undefined) => Object.entries(row?.cells ?? {}).filter(([, c]) => c.status === 'active').map(([cloud]) => cloud.split('/')[0]).sort();

  it('Get Base Image fetches from the mirror of the setting and uploads to every chosen cloud', async () => {
    const outcome = await vscode.commands.executeCommand<{ ref: string; version: string; sha256: string; results: { target: string; ok: boolean; skipped?: boolean; error?: string }[] }>(
      'openstack.getBaseImage', { ref: 'debian:12/amd64', targets, name: `${prefix}-a` });
    assert.ok(outcome, 'the command returned its outcome');
    assert.equal(outcome.ref, 'debian:12/x86_64');
    assert.equal(outcome.sha256, sha256, 'the image of the mirror in the setting');
    assert.deepEqual(outcome.results.map((r) => [r.target.split('/')[0], r.ok, r.skipped ?? r.error]), targets.map((t) => [t, true, false]));
    assert.ok(mirror.imageRequests(mirror.images.debian).length >= 1, 'downloaded from the loopback mirror');
  });

  it('the matrix shows it on every cloud in one row; deleted on one cloud, Sync puts it back there', async () => {
    const first = await vscode.commands.executeCommand<MatrixState>('openstack.showImageMatrix', { targets });
    const row = ourRow(first);
    assert.ok(row, `a row for sha256 ${sha256}`);
    assert.equal(row.label, 'debian:12/x86_64@20241201-1948');
    assert.deepEqual(present(row), [...targets].sort());
    assert.equal(row.canSync, false, 'nothing to sync');

    const [gone] = targets;
    const s = await session(gone!);
    try {
      for (const image of await findImagesByName(s, `${prefix}-a`)) await deleteImage(s, image.id);
      const after = ourRow((await vscode.commands.executeCommand<MatrixState>('openstack.showImageMatrix', { targets }))!);
      assert.deepEqual(present(after), targets.slice(1).sort());
      assert.equal(after!.canSync, true);

      const synced = await vscode.commands.executeCommand<MatrixState>('openstack.imageMatrixSync', row.key);
      assert.deepEqual(present(ourRow(synced!)), [...targets].sort());
      const [copy] = await findImagesByName(s, `${prefix}-a`);
      assert.equal(copy?.status, 'active', 'the synced copy has the row\'s name on that cloud');
      assert.equal(copy?.openstack_clouds_sha256, sha256);
    } finally {
      await s.close();
    }
  });
});
