// An image list settles by itself in the real extension host, against the local OpenStack: an
// image created without data is `queued`; once its data is stored, the Images row says so
// without any refresh (the folder loads itself again while an image is queued, saving, importing
// or uploading: ui/explorer/settling.ts). The image is made and deleted here, under a unique name.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { createImage, deleteImage, putImageData } from '../../../extension/openstack/services/image';
import { childrenOf, labelOf, nodeAt, treeItemOf, waitFor, waitForRoots } from './helpers';

async function rowNamed(folder: unknown, name: string): Promise<unknown | undefined> {
  for (const child of await childrenOf(folder)) if ((await labelOf(child)) === name) return child;
  return undefined;
}

describe('explorer lists settle by themselves on the local OpenStack', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');

  before(async () => {
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
  });

  after(async () => {
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
  });

  it('follows an image from queued to active by itself, without a refresh', async () => {
    const name = `vs-settle-image-${crypto.randomBytes(3).toString('hex')}`;
    const s = await session('local-password');
    let id: string | undefined;
    try {
      const created = await createImage(s, { name, disk_format: 'raw', container_format: 'bare', visibility: 'private' }, AbortSignal.timeout(30_000));
      id = created.image.id;
      const images = await nodeAt('local-password', 'Images');
      await vscode.commands.executeCommand('openstack.refreshList', images);
      const queued = await treeItemOf(await rowNamed(images, name));
      assert.match(String(queued.description), /^queued/, 'the list was loaded while the image was queued');
      await putImageData(s, id, new Uint8Array(1024), 1024, AbortSignal.timeout(30_000));
      // No refresh from here on: the folder loads itself again until the image has settled.
      let description = '';
      await waitFor('the row to say the image is active', async () => {
        const row = await rowNamed(images, name);
        description = row ? String((await treeItemOf(row)).description) : '(no row)';
        return row !== undefined && !/^(queued|saving)/.test(description);
      }, () => description, 20_000);
      assert.match(description, /^raw · 1(\.0)? KiB/);
    } finally {
      if (id) await deleteImage(s, id, AbortSignal.timeout(30_000));
      await s.close();
    }
  });
});
