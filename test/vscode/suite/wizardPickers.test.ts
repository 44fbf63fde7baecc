// The wizards' cloud pickers offer only the clouds the Clouds view shows. Two clouds, each a
// loopback trap of an identity service that counts what reaches it (and refuses it): the first
// in clouds.yaml is hidden with Filter Clouds…. Enter on a wizard's clouds step takes the
// highlighted row, here the picker's first: it must be the shown cloud (its trap is asked for a
// token once the wizard goes on), never the hidden one. Before the fix the pickers listed every
// cloud, the hidden one first, and the wizards logged in to it. No real cloud is needed.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { waitFor, waitForRoots } from './helpers';

const HIDDEN = 'hidden-first';
const SHOWN = 'shown-second';

interface Trap {
  requests: string[];
  port: number;
  close(): Promise<void>;
}

async function trap(): Promise<Trap> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401,"title":"Unauthorized","message":"trap"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { requests, port: (server.address() as import('node:net').AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

function cloud(name: string, port: number): string {
  return [`  ${name}:`, '    auth:', `      auth_url: http://127.0.0.1:${port}/v3`, '      username: nobody', '      password: not-a-secret',
    '      project_name: none', '      user_domain_name: Default', '      project_domain_name: Default', '    region_name: RegionOne', ''].join('\n');
}

/**
 * Highlights the first row of the open quick input and presses Enter, step after step, until a
 * trap hears from the wizard. (A multi-select quick pick highlights no row by itself; Enter with
 * none checked takes the highlighted one: quickSteps.ts `atLeastOne`.)
 */
async function enterUntilLogin(shown: Trap, hidden: Trap): Promise<void> {
  await waitFor('a login to one of the clouds', async () => {
    if (shown.requests.length || hidden.requests.length) return true;
    await vscode.commands.executeCommand('quickInput.first').then(undefined, () => undefined); // an input box has no rows
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((r) => setTimeout(r, 300));
    return false;
  }, () => ({ shown: shown.requests, hidden: hidden.requests }), 30_000);
}

describe('the wizards\' cloud pickers offer only the clouds the view shows', function () {
  this.timeout(90_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  let dir = '';
  let hidden: Trap;
  let shown: Trap;

  before(async () => {
    hidden = await trap();
    shown = await trap();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-pickers-'));
    const file = path.join(dir, 'clouds.yaml');
    fs.writeFileSync(file, `clouds:\n${cloud(HIDDEN, hidden.port)}${cloud(SHOWN, shown.port)}`);
    fs.writeFileSync(path.join(dir, 'disk.raw'), Buffer.alloc(4096));
    await settings().update('cloudsFile', file, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([HIDDEN, SHOWN], 15_000);
    await vscode.commands.executeCommand('openstack.filterClouds', { shown: [SHOWN] });
    await waitForRoots([SHOWN]);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
    shown.requests.length = 0;
    hidden.requests.length = 0;
  });

  after(async () => {
    await vscode.commands.executeCommand('openstack.clearCloudFilter');
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
    await hidden.close();
    await shown.close();
  });

  it('Boot Server: the clouds step offers the shown cloud only; the hidden one is never asked for a token', async () => {
    void vscode.commands.executeCommand('openstack.bootServer');
    await enterUntilLogin(shown, hidden); // the image step loads the chosen clouds' images
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(hidden.requests, [], 'the hidden cloud got no request');
    assert.ok(shown.requests.some((r) => r.startsWith('POST /v3/auth/tokens')), JSON.stringify(shown.requests));
  });

  it('Upload Image: the clouds step offers the shown cloud only; the hidden one is never asked for a token', async () => {
    void vscode.commands.executeCommand('openstack.uploadImage', vscode.Uri.file(path.join(dir, 'disk.raw')));
    await enterUntilLogin(shown, hidden); // clouds, then the name: the upload logs in
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(hidden.requests, [], 'the hidden cloud got no request');
    assert.ok(shown.requests.some((r) => r.startsWith('POST /v3/auth/tokens')), JSON.stringify(shown.requests));
  });
});
