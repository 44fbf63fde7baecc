// "Upload Image from URL…" in the real extension host against the local OpenStack: an image
// served on loopback goes to local-appcred by its own web-download import and to local-tasks
// (task flow, no web-download) by our stream of one GET; the Results view records both.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { removeByPrefix, session } from '../../support/cloudSessions';
import { findImagesByName } from '../../../extension/openstack/services/image';
import { api, waitForRoots } from './helpers';

type Outcome = { results: { target: string; ok: boolean; status?: string; imageId?: string; error?: string }[] };

describe('Upload Image from URL on the local OpenStack', function () {
  this.timeout(180_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const prefix = `vs-url-${crypto.randomBytes(3).toString('hex')}`;
  let server: http.Server;
  let base = '';
  const ourGets: string[] = [];

  before(async () => {
    await api();
    const cloud = testCloud();
    const image = fs.readFileSync(cloud.imageFiles.qcow2);
    server = http.createServer((req, res) => {
      if (req.headers['user-agent'] === 'openstack-clouds' && !req.headers.range) ourGets.push(req.url ?? '');
      res.writeHead(200, { 'content-length': image.length, 'content-type': 'application/octet-stream' });
      res.end(image);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await settings().update('cloudsFile', cloud.cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
  });

  after(async () => {
    server?.closeAllConnections();
    server?.close();
    for (const cloud of ['local-appcred', 'local-tasks']) {
      const s = await session(cloud);
      await removeByPrefix(s, prefix);
      await s.close();
    }
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('imports by web-download on local-appcred and streams one GET to local-tasks; the Results view has both', async () => {
    const name = `${prefix}-img`;
    const result = await vscode.commands.executeCommand<Outcome>('openstack.uploadImageFromUrl', { url: `${base}/cirros.qcow2`, targets: ['local-appcred', 'local-tasks'], name });
    assert.deepEqual(result.results.map((r) => [r.target, r.ok, r.status ?? r.error]), [['local-appcred/RegionOne', true, 'active'], ['local-tasks/RegionOne', true, 'active']]);
    assert.deepEqual(ourGets, ['/cirros.qcow2'], 'one GET of the image for the streamed cloud');
    const cards = await vscode.commands.executeCommand<{ title: string; summary?: string; rows: { target: string; state: string; cells: { label: string; value: string }[] }[] }[]>('openstack.showResults');
    const card = cards.find((c) => c.title === `Upload of ${name}`);
    assert.ok(card, `the Results view lists the upload: ${JSON.stringify(cards.map((c) => c.title))}`);
    assert.equal(card.summary, `Upload of ${name}: 2 of 2 clouds: image active`);
    const cell = (target: string, label: string) => card.rows.find((r) => r.target === target)?.cells.find((c) => c.label === label)?.value;
    assert.equal(cell('local-appcred/RegionOne', 'Method'), 'web-download');
    assert.equal(cell('local-tasks/RegionOne', 'Method'), 'streamed (tasks)');
    assert.equal(cell('local-tasks/RegionOne', 'Format'), 'qcow2', 'the format was read from the first bytes');
    assert.equal(cell('local-tasks/RegionOne', 'Checksum'), 'match');
  });

  it('refuses a URL that is not http(s): nothing is uploaded', async () => {
    const name = `${prefix}-ftp`;
    await Promise.resolve(vscode.commands.executeCommand('openstack.uploadImageFromUrl', { url: 'ftp://127.0.0.1/x.qcow2', targets: ['local-tasks'], name })).catch(() => undefined);
    const s = await session('local-tasks');
    try {
      assert.deepEqual(await findImagesByName(s, name), []);
    } finally {
      await s.close();
    }
  });
});
