// The explorer's filters in the real extension host, against the local OpenStack: a cloud hidden
// with Filter Clouds… is never logged in to (its auth_url is a loopback trap that counts every
// request: nothing reaches it while hidden, not from the tree, a refresh or a playbook naming it;
// once shown, expanding it does reach it), a region of a cloud can be hidden, and the text filter
// of a list narrows its rows and says so on the list's row. The workspace's settings are restored.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { childrenOf, labelOf, nodeAt, treeItemOf, waitFor, waitForRoots, workspaceFile } from './helpers';

const TRAP = 'local-hidden-trap';

async function labels(node: unknown): Promise<string[]> {
  const rows: string[] = [];
  for (const child of await childrenOf(node)) if ((await treeItemOf(child)).contextValue !== 'problem') rows.push(await labelOf(child));
  return rows;
}

describe('explorer filters on the local OpenStack', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  let dir = '';
  let trap: http.Server;
  const requests: string[] = [];

  before(async () => {
    trap = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401,"title":"Unauthorized","message":"trap"}}');
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    const { port } = trap.address() as import('node:net').AddressInfo;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-filters-'));
    const file = path.join(dir, 'clouds.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(testCloud().cloudsYaml, 'utf8')}\n  ${TRAP}:\n    auth:\n      auth_url: http://127.0.0.1:${port}/v3\n      username: nobody\n      password: not-a-secret\n      project_name: none\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`);
    await settings().update('cloudsFile', file, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS, TRAP], 15_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('openstack.clearCloudFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
    await new Promise((r) => trap.close(r));
  });

  it('never logs in to a hidden cloud: not from the tree, a refresh or a playbook naming it; shown again, it is asked', async () => {
    const filter = await vscode.commands.executeCommand('openstack.filterClouds', { shown: [...TEST_CLOUDS] });
    assert.deepEqual(filter, { hiddenClouds: [TRAP], hiddenRegions: [] });
    await waitForRoots([...TEST_CLOUDS]);
    // The visible clouds load as before.
    assert.ok((await labels(await nodeAt('local-password', 'Images'))).includes('test-image'));
    // A playbook naming both: the visible cloud's images are loaded for it, the hidden one's are not.
    const playbook = workspaceFile('filters', 'boot.yml');
    fs.mkdirSync(path.dirname(playbook), { recursive: true });
    const task = (cloud: string) => [`    - name: Boot on ${cloud}`, '      openstack.cloud.server:', `        cloud: ${cloud}`, '        name: web', '        image: test-imgae', '        flavor: m1.tiny'];
    fs.writeFileSync(playbook, ['- hosts: localhost', '  tasks:', ...task(TRAP), ...task('local-password'), ''].join('\n'));
    try {
      await vscode.commands.executeCommand('openstack.refresh');
      await waitForRoots([...TEST_CLOUDS]);
      const doc = await vscode.workspace.openTextDocument(playbook);
      await vscode.window.showTextDocument(doc);
      const live = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'unknown-resource');
      await waitFor('the live image warning of the visible cloud', () => live().length === 1, () => vscode.languages.getDiagnostics(doc.uri).map((d) => d.message), 20_000);
      assert.match(live()[0]!.message, /cloud 'local-password'/);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(requests.length, 0, `the hidden cloud got no request: ${JSON.stringify(requests)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.dirname(playbook), { recursive: true, force: true });
    }
    // Shown again: expanding it reaches its auth_url (the trap does catch a login).
    await vscode.commands.executeCommand('openstack.clearCloudFilter');
    await waitForRoots([...TEST_CLOUDS, TRAP]);
    await childrenOf(await nodeAt(TRAP, 'Images'));
    assert.ok(requests.some((r) => r.startsWith('POST /v3/auth/tokens')), `the shown cloud was asked for a token: ${JSON.stringify(requests)}`);
  });

  it('hides one region of a cloud with several: the other region\'s lists show directly under the cloud', async () => {
    await vscode.commands.executeCommand('openstack.filterClouds', { shown: ['local-password', 'local-appcred/RegionTwo'] });
    await waitForRoots(['local-password', 'local-appcred']);
    const rows = await labels(await nodeAt('local-appcred'));
    assert.deepEqual(rows, ['Images', 'Servers', 'Flavors', 'Networks', 'Key Pairs', 'Floating IPs']);
    assert.equal((await treeItemOf(await nodeAt('local-appcred'))).description, 'RegionTwo');
    await vscode.commands.executeCommand('openstack.clearCloudFilter');
    await waitForRoots([...TEST_CLOUDS, TRAP]);
  });

  it('narrows Images with the text filter; the row says so; Clear Filter shows every row again', async () => {
    const images = await nodeAt('local-password', 'Images');
    const all = await labels(images);
    assert.ok(all.includes('test-image'), JSON.stringify(all));
    await vscode.commands.executeCommand('openstack.filterList', images, 'TEST-image');
    const narrowed = await labels(images);
    assert.ok(narrowed.includes('test-image') && narrowed.every((l) => all.includes(l)), JSON.stringify(narrowed));
    const item = await treeItemOf(images);
    assert.match(String(item.description), /^“TEST-image”: \d+ of \d+\+?$/);
    assert.equal(item.contextValue, 'folder.images.filtered');
    await vscode.commands.executeCommand('openstack.filterList', images, 'no-such-image-zz9');
    assert.deepEqual(await labels(images), ['Nothing matches “no-such-image-zz9”']);
    await vscode.commands.executeCommand('openstack.clearListFilter', images);
    assert.deepEqual(await labels(images), all);
    assert.equal((await treeItemOf(images)).contextValue, 'folder.images');
  });
});
